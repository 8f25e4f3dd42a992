package org.miked.auth.tesla.core;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import org.miked.auth.tesla.wire.Bootstrap;

/**
 * The key chains a receiver knows, each with its newest authenticated key (the anchor), and the ids of
 * ended chains it still recognizes, so that their late messages are refused rather than kept as pending.
 * At most {@value #MAX_CHAINS} chains and {@value #RETIRED_IDS} retired ids.
 */
final class ChainTable {
    static final int MAX_CHAINS = 4;
    static final int RETIRED_IDS = 16;

    /** One authenticated chain: its signed schedule and its newest authenticated key K_anchorIndex. */
    static final class Chain {
        final int id;
        final Bootstrap schedule;
        long anchorIndex;
        byte[] anchorKey;

        Chain(int id, Bootstrap schedule) {
            this.id = id;
            this.schedule = schedule;
            this.anchorIndex = schedule.commitIndex();
            this.anchorKey = schedule.commitment();
        }
    }

    private final Map<Integer, Chain> chains = new HashMap<>();
    private final LinkedHashSet<Integer> retired = new LinkedHashSet<>();

    /** @return the chain, or null if it is not known */
    Chain get(int id) {
        return chains.get(id);
    }

    /** @return true if the chain ended and was forgotten recently */
    boolean retired(int id) {
        return retired.contains(id);
    }

    /** @return a chain just authenticated by its bootstrap, replacing one of the same id */
    Chain add(int id, Bootstrap schedule) {
        Chain c = new Chain(id, schedule);
        chains.put(id, c);
        retired.remove(id);
        return c;
    }

    /**
     * Forgets chains whose keys may all be disclosed by {@code horizon} and that hold no buffered message,
     * then the oldest while more than {@value #MAX_CHAINS} remain, dropping their buffered messages.
     */
    void prune(long horizon, ReceiveBuffer buffer) {
        chains.values().removeIf(c -> horizon >= c.schedule.disclosureTime(c.schedule.chainLength())
                && !buffer.holdsWaiting(c.id) && retire(c.id));
        while (chains.size() > MAX_CHAINS) {
            Chain oldest = chains.values().stream().min((a, b) -> Long.compare(a.schedule.startMillis(),
                    b.schedule.startMillis())).orElseThrow();
            chains.remove(oldest.id);
            retire(oldest.id);
            buffer.dropWaiting(oldest.id, "dropped.expired", "chain " + oldest.id + " dropped");
        }
    }

    private boolean retire(int id) {
        retired.add(id);
        if (retired.size() > RETIRED_IDS) {
            retired.remove(retired.iterator().next());
        }
        return true;
    }
}
