package org.miked.gdh.core;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.BitSet;
import org.miked.dh.core.Transcript;
import org.miked.dh.group.Element;
import org.miked.gdh.wire.GdhMessage;

/**
 * GDH.3 (Steiner, Tsudik, Waidner, CCS '96). Positions 0..n-1 stand for M_1..M_n.
 *
 * <pre>
 *   stage 1  M_i -&gt; M_{i+1}, i &lt;= n-2 (CHAIN):   g^(r_1..r_i)
 *   stage 2  M_{n-1} -&gt; all (CARDINAL):          C = g^(r_1..r_{n-1})
 *   stage 3  M_i -&gt; M_n, i &lt;= n-1 (FACTOR):      C^(1/r_i) = g^(r_1..r_{n-1} / r_i)
 *   stage 4  M_n -&gt; all (BROADCAST):             { FACTOR_i^r_n | i &lt; n }
 *   M_i:  K = BROADCAST_i^r_i;  M_n:  K = C^r_n
 * </pre>
 *
 * Full exponentiations: 3 for M_1..M_{n-2} (chain, factor-out, key), 2 for M_{n-1}, n for M_n. M_{n-1}'s
 * factor-out is its own chain input, sent as is.
 */
final class Gdh3Flow extends Flow {
    private Element chainIn;
    private Element cardinal;
    private final Element[] factors;
    private Element[] pendingBroadcast;
    private boolean broadcastSent;

    Gdh3Flow(GdhSession s) {
        super(s);
        factors = new Element[n];
    }

    @Override
    void begin() {
        if (i == 0) {
            chainInput(s.ops().group().generator());
        }
    }

    private void chainInput(Element x) {
        chainIn = x;
        if (i <= n - 3) {
            s.send(GdhMessage.CHAIN, new Element[] {i == 0 ? s.ops().expGenerator(s.r()) : s.ops().exp(x, s.r())},
                    bits(i + 1));
        } else {
            cardinal = i == 0 ? s.ops().expGenerator(s.r()) : s.ops().exp(x, s.r());
            s.send(GdhMessage.CARDINAL, new Element[] {cardinal}, others());
            s.send(GdhMessage.FACTOR, new Element[] {x}, bits(n - 1));
        }
    }

    @Override
    int total(int type, int author) {
        return switch (type) {
            case GdhMessage.CHAIN -> author > n - 3 ? -1 : author == i - 1 ? 1 : 0;
            case GdhMessage.CARDINAL -> author != n - 2 ? -1 : i != n - 2 ? 1 : 0;
            case GdhMessage.FACTOR -> author > n - 2 ? -1 : i == n - 1 ? 1 : 0;
            case GdhMessage.BROADCAST -> author != n - 1 ? -1 : i < n - 1 ? n - 1 : 0;
            default -> -1;
        };
    }

    @Override
    void complete(int type, int author, Element[] els) {
        switch (type) {
            case GdhMessage.CHAIN -> chainInput(els[0]);
            case GdhMessage.CARDINAL -> {
                cardinal = els[0];
                if (i <= n - 3) {
                    BigInteger inverse = s.r().modInverse(s.ops().group().order());
                    s.send(GdhMessage.FACTOR, new Element[] {s.ops().exp(cardinal, inverse)}, bits(n - 1));
                }
                if (pendingBroadcast != null) {
                    keyFromBroadcast(pendingBroadcast);
                }
                maybeBroadcast();
            }
            case GdhMessage.FACTOR -> {
                factors[author] = els[0];
                maybeBroadcast();
            }
            default -> keyFromBroadcast(els);
        }
    }

    private void keyFromBroadcast(Element[] b) {
        if (cardinal == null) {
            pendingBroadcast = b; // the transcript needs the cardinal value; it cannot be far behind
            return;
        }
        s.finish(s.ops().exp(b[i], s.r()), withBroadcast(head(), b), Arrays.copyOf(b, n), s.r());
    }

    private void maybeBroadcast() {
        if (i != n - 1 || cardinal == null || broadcastSent) {
            return;
        }
        for (int j = 0; j < n - 1; j++) {
            if (factors[j] == null) {
                return;
            }
        }
        broadcastSent = true;
        broadcastAndFinish(factors, cardinal, head());
    }

    /** @return the transcript before the broadcast: GDH.3 also binds the cardinal value */
    private Transcript head() {
        return new Transcript(info).element("C", n - 2, cardinal);
    }

    @Override
    BitSet needs() {
        BitSet b = new BitSet();
        if (i >= 1 && i <= n - 2 && chainIn == null) {
            b.set(i - 1);
        }
        if (i != n - 2 && cardinal == null) {
            b.set(n - 2);
        }
        if (i == n - 1) {
            for (int j = 0; j < n - 1; j++) {
                if (factors[j] == null) {
                    b.set(j);
                }
            }
        } else {
            b.set(n - 1);
        }
        return b;
    }
}
