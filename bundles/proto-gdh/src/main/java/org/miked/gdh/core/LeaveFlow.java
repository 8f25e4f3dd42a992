package org.miked.gdh.core;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.BitSet;
import org.miked.dh.core.Transcript;
import org.miked.dh.group.Element;
import org.miked.gdh.wire.GdhMessage;

/**
 * CLIQUES member leave (Steiner, Tsudik, Waidner, "Key agreement in dynamic peer groups", IEEE TPDS 2000):
 * the new run's members are the previous run's minus some, in the same order. The controller M_c (the last
 * of the new list; it knows every remaining partial key) refreshes its exponent with a fresh r' and
 * broadcasts the remaining members' partial keys raised to r'; everybody else raises its value to its own
 * exponent. The leavers hold old partial keys but not r', so the new key g^(prod r * r') is out of reach.
 *
 * <pre>
 *   every member but M_c:  STATUS(lineage hash)        (proves it holds the state; see GdhSession)
 *   M_c, once all matched:  LEAVE(lineage, { P_j^r' | j != c })     n-1 full exponentiations
 *   M_j:  K = LEAVE_j^r_j        M_c:  K = P_c^(r_c r')             1 full exponentiation
 * </pre>
 */
final class LeaveFlow extends Flow {
    private final Lineage lineage;
    private final int c;
    private final BitSet matched = new BitSet();
    private boolean sent;

    LeaveFlow(GdhSession s, Lineage lineage) {
        super(s);
        this.lineage = lineage;
        this.c = n - 1;
    }

    @Override
    byte[] lineageHash() {
        return lineage.hash();
    }

    @Override
    void begin() {
        if (i != c) {
            s.sendStatus(); // the controller waits for this before it refreshes
        }
    }

    @Override
    void onStatus(int author) {
        if (i == c && author != c) {
            matched.set(author);
            if (matched.cardinality() == n - 1 && !sent) {
                refresh();
            }
        }
    }

    private void refresh() {
        sent = true;
        BigInteger fresh = s.ops().group().randomExponent(s.random());
        Element[] out = new Element[n - 1];
        for (int j = 0; j < n - 1; j++) {
            out[j] = s.ops().exp(lineage.partialOf(info.members().get(j)), fresh);
        }
        s.send(GdhMessage.LEAVE, out, others());
        BigInteger newR = s.r().multiply(fresh).mod(s.ops().group().order());
        Element own = lineage.partialOf(info.selfId());
        Element[] partials = Arrays.copyOf(out, n);
        partials[c] = own;
        s.finish(s.ops().exp(own, newR), transcript(out), partials, newR);
    }

    @Override
    int total(int type, int author) {
        if (type != GdhMessage.LEAVE || author != c) {
            return -1;
        }
        return i != c ? n - 1 : 0;
    }

    @Override
    void complete(int type, int author, Element[] els) {
        s.finish(s.ops().exp(els[i], s.r()), transcript(els), Arrays.copyOf(els, n), s.r());
    }

    private byte[] transcript(Element[] out) {
        Transcript t = new Transcript(info).bytes(lineage.hash());
        for (int j = 0; j < out.length; j++) {
            t.element("L", j, out[j]);
        }
        return t.finish();
    }

    @Override
    BitSet needs() {
        if (i != c) {
            return bits(c);
        }
        BitSet b = others();
        b.andNot(matched);
        return b;
    }
}
