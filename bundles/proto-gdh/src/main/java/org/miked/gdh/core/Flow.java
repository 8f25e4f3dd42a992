package org.miked.gdh.core;

import java.util.BitSet;
import org.miked.dh.core.RunInfo;
import org.miked.dh.group.Element;

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
