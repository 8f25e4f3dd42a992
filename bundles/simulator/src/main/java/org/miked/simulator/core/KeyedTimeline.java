package org.miked.simulator.core;

import java.util.HashMap;
import java.util.Map;
import org.miked.api.MemberId;

/**
 * How long present receivers go without the current key: sampled at a fixed step, a receiver whose epoch
 * is not the newest epoch any sender holds is unkeyed from the first such sample until the first sample
 * at which it is current again (or the end of the run). Reports the longest such stretch and whose it was,
 * to the sampling step. A receiver that leaves stops counting.
 */
final class KeyedTimeline {
    private final Map<MemberId, Long> unkeyedSince = new HashMap<>();
    private long longestMs;
    private MemberId longestWho;
    private long longestFromMs;

    /**
     * @param nowMs the sample's virtual time
     * @param receiver a present receiver
     * @param current whether it holds the newest epoch now
     */
    void sample(long nowMs, MemberId receiver, boolean current) {
        if (current) {
            Long since = unkeyedSince.remove(receiver);
            if (since != null) {
                record(receiver, since, nowMs);
            }
        } else {
            unkeyedSince.putIfAbsent(receiver, nowMs);
        }
    }

    /** @param receiver left the group: its stretch (if any) ends now without counting */
    void forget(MemberId receiver) {
        unkeyedSince.remove(receiver);
    }

    /** @param endMs the end of the run: stretches still open end here */
    void finish(long endMs) {
        unkeyedSince.forEach((r, since) -> record(r, since, endMs));
        unkeyedSince.clear();
    }

    private void record(MemberId r, long since, long until) {
        long d = until - since;
        if (d > longestMs || (d == longestMs && longestWho != null && r.compareTo(longestWho) < 0)) {
            longestMs = d;
            longestWho = r;
            longestFromMs = since;
        }
    }

    /** @return the longest stretch in ms (0 if every sample found every receiver current) */
    long longestMs() {
        return longestMs;
    }

    /** @return whose it was, or null */
    MemberId longestWho() {
        return longestWho;
    }

    /** @return when it began (virtual ms) */
    long longestFromMs() {
        return longestFromMs;
    }
}
