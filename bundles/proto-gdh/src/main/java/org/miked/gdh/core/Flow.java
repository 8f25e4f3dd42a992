package org.miked.gdh.core;

import java.util.Arrays;
import java.util.BitSet;
import org.miked.dh.core.RunInfo;
import org.miked.dh.core.Transcript;
import org.miked.dh.group.Element;
import org.miked.gdh.wire.GdhMessage;

/**
 * One way of computing a run's key (GDH.2, GDH.3, CLIQUES leave), driven by its {@link GdhSession}: the
 * session checks headers, reassembles and validates elements, resends, nags and times out; a flow decides
 * who sends what to whom and computes the key.
 */
abstract class Flow {
    final GdhSession s;
    final RunInfo info;
    final int i;
    final int n;

    Flow(GdhSession s) {
        this.s = s;
        this.info = s.info();
        this.i = info.self();
        this.n = info.n();
    }

    /** Called once when the run (or the fallback to a full run) starts. */
    abstract void begin();

    /**
     * @param type data message type
     * @param author its sender's position
     * @return the element count this member expects in it, 0 if the message is valid but not for this
     *     member, -1 if that author never sends that type in this flow
     */
    abstract int total(int type, int author);

    /** A complete, validated data message for this member. */
    abstract void complete(int type, int author, Element[] elements);

    /** @return positions of the authors whose messages this member still waits for */
    abstract BitSet needs();

    /** A STATUS with this flow's lineage arrived from author. */
    void onStatus(int author) {
    }

    /** @return the lineage this flow builds on (zeros for a full run) */
    byte[] lineageHash() {
        return GdhSession.NO_LINEAGE;
    }

    /**
     * The last member's step, the same in GDH.2 and GDH.3: raises each of the n-1 inputs (the others'
     * partial values) to r, broadcasts the results to every other member and finishes with
     * K = cardinal^r.
     *
     * @param inputs the n-1 values to raise, by position
     * @param cardinal g^(r_1..r_{n-1})
     * @param head the flow's transcript before the broadcast elements
     */
    final void broadcastAndFinish(Element[] inputs, Element cardinal, Transcript head) {
        Element[] b = new Element[n - 1];
        for (int j = 0; j < n - 1; j++) {
            b[j] = s.ops().exp(inputs[j], s.r());
        }
        s.send(GdhMessage.BROADCAST, b, others());
        Element[] partials = Arrays.copyOf(b, n);
        partials[n - 1] = cardinal;
        s.finish(s.ops().exp(cardinal, s.r()), withBroadcast(head, b), partials, s.r());
    }

    /** @return the transcript hash of {@code head} followed by the broadcast elements B_0..B_(k-1) */
    static byte[] withBroadcast(Transcript head, Element[] broadcast) {
        for (int j = 0; j < broadcast.length; j++) {
            head.element("B", j, broadcast[j]);
        }
        return head.finish();
    }

    /** @return a bitmap of the given positions */
    static BitSet bits(int... positions) {
        BitSet b = new BitSet();
        for (int p : positions) {
            b.set(p);
        }
        return b;
    }

    /** @return a bitmap of every position but self */
    BitSet others() {
        BitSet b = new BitSet();
        b.set(0, n);
        b.clear(i);
        return b;
    }
}
