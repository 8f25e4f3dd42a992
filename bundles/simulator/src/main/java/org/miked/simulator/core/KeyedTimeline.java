package org.miked.simulator.core;

import java.util.TreeMap;
import org.miked.api.MemberId;

/**
 * How long present receivers go without the current key, sampled at a fixed step. At a sample a receiver
 * that holds epoch {@code e} lacks every newer epoch; it has been waiting since the first of them began (or
 * since it joined, if that was later). The longest such wait over all samples is reported with whose it was.
 * Epoch start times are the first sample at which a sender held the epoch, so waits are exact to the
 * sampling step. A receiver that keeps up with rekeys a second apart waits about its network delay, not
 * the whole time, even though at most instants some newer epoch is in flight to it.
 *
 * <p>A second figure leaves out the wait for a receiver's first key (its registration): the longest a present
 * receiver that had held a key lacked the current one, counted from the missing epoch's start, the first sample
 * that found it keyed, or its (re)join, whichever is latest. A crashed receiver is not present while it is down;
 * after its restart it counts again from the restart, having had its first key before.
 */
final class KeyedTimeline {
    private final TreeMap<Long, Long> started = new TreeMap<>();
    private long longestMs;
    private MemberId longestWho;
    private long longestFromMs;
    /** First sample at which each receiver held a key (in any incarnation). */
    private final java.util.HashMap<MemberId, Long> firstKeyedMs = new java.util.HashMap<>();
    private long longestKeyedMs;

    /** @param epoch a sender holds it at {@code atMs} (only the first report of an epoch counts) */
    void epochSeen(long epoch, long atMs) {
        started.putIfAbsent(epoch, atMs);
    }

    /**
     * @param nowMs the sample's virtual time
     * @param receiver a present receiver
     * @param epoch the epoch it holds (0: none)
     * @param joinedMs when it joined
     */
    void sample(long nowMs, MemberId receiver, long epoch, long joinedMs) {
        Long first = epoch > 0 ? firstKeyedMs.putIfAbsent(receiver, nowMs) : firstKeyedMs.get(receiver);
        var missing = started.ceilingEntry(epoch + 1);
        if (missing == null) {
            return;
        }
        if (first != null) {
            longestKeyedMs = Math.max(longestKeyedMs, nowMs - Math.max(Math.max(missing.getValue(), joinedMs), first));
        }
        long since = Math.max(missing.getValue(), joinedMs);
        long waited = nowMs - since;
        if (waited > longestMs || (waited == longestMs && longestWho != null && receiver.compareTo(longestWho) < 0)) {
            longestMs = waited;
            longestWho = receiver;
            longestFromMs = since;
        }
    }

    /** @return the longest wait in ms (0 if every sample found every receiver current) */
    long longestMs() {
        return longestMs;
    }

    /**
     * @return the longest a present receiver that had held a key before went without the current one (ms),
     *     its first registration left out
     */
    long longestAfterFirstKeyMs() {
        return longestKeyedMs;
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
