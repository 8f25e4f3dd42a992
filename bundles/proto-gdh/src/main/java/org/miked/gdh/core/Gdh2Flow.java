package org.miked.gdh.core;

import java.util.Arrays;
import java.util.BitSet;
import org.miked.dh.core.Transcript;
import org.miked.dh.group.Element;
import org.miked.gdh.wire.GdhMessage;

/**
 * GDH.2 (Steiner, Tsudik, Waidner, CCS '96). Positions 0..n-1 stand for M_1..M_n.
 *
 * <pre>
 *   M_i -&gt; M_{i+1} (UPFLOW, i+1 partials + cardinal):  { g^(r_1..r_i / r_j) | j &lt;= i }, g^(r_1..r_i)
 *   M_n -&gt; all (BROADCAST, n-1 elements):              { g^(r_1..r_n / r_j) | j &lt; n }
 *   M_i:  K = (g^(r_1..r_n / r_i))^r_i;  M_n:  K = (g^(r_1..r_{n-1}))^r_n
 * </pre>
 *
 * Full exponentiations: M_1 1+1, M_i i+1 (+1 for the key), M_n n. The upflow of M_{n-1} carries n
 * elements (825 bytes of elements for P-256, n = 25); lists longer than one packet are fragmented.
 */
final class Gdh2Flow extends Flow {
    private boolean gotUpflow;

    Gdh2Flow(GdhSession s) {
        super(s);
    }

    @Override
    void begin() {
        if (i == 0) {
            Element g = s.ops().group().generator();
            s.send(GdhMessage.UPFLOW, new Element[] {g, s.ops().expGenerator(s.r())}, bits(1));
        }
    }

    @Override
    int total(int type, int author) {
        if (type == GdhMessage.UPFLOW) {
            return author > n - 2 ? -1 : author == i - 1 ? author + 2 : 0;
        }
        if (type == GdhMessage.BROADCAST) {
            return author != n - 1 ? -1 : i < n - 1 ? n - 1 : 0;
        }
        return -1;
    }

    @Override
    void complete(int type, int author, Element[] els) {
        if (type == GdhMessage.UPFLOW) {
            gotUpflow = true;
            Element cardinal = els[els.length - 1];
            if (i < n - 1) {
                Element[] out = new Element[i + 2];
                for (int j = 0; j < i; j++) {
                    out[j] = s.ops().exp(els[j], s.r());
                }
                out[i] = cardinal;
                out[i + 1] = s.ops().exp(cardinal, s.r());
                s.send(GdhMessage.UPFLOW, out, bits(i + 1));
            } else {
                broadcastAndFinish(els, cardinal, new Transcript(info));
            }
        } else {
            Element[] partials = Arrays.copyOf(els, n);
            s.finish(s.ops().exp(els[i], s.r()), withBroadcast(new Transcript(info), els), partials, s.r());
        }
    }

    @Override
    BitSet needs() {
        BitSet b = new BitSet();
        if (i > 0 && !gotUpflow) {
            b.set(i - 1);
        }
        if (i < n - 1) {
            b.set(n - 1);
        }
        return b;
    }
}
