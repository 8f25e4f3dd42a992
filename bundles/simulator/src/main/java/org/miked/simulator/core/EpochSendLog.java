package org.miked.simulator.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The send times of the data plane's packets, per epoch they were sent in, in the order sent (so sorted): what
 * answers "how many packets of epoch e were sent before (or after) t" for the adversary and the joiner checks.
 */
final class EpochSendLog {
    private static final class Times {
        long[] at = new long[64];
        int n;
    }

    private final Map<Long, Times> byEpoch = new HashMap<>();

    /**
     * @param epoch the epoch of the MSA the packet went out under
     * @param atMs its send time (never earlier than the previous one's)
     */
    void add(long epoch, long atMs) {
        Times t = byEpoch.computeIfAbsent(epoch, e -> new Times());
        if (t.n == t.at.length) {
            t.at = Arrays.copyOf(t.at, t.n * 2);
        }
        t.at[t.n++] = atMs;
    }

    /**
     * @param epoch an epoch
     * @param beforeMs a time
     * @return packets of that epoch sent before it
     */
    long countBefore(long epoch, long beforeMs) {
        Times t = byEpoch.get(epoch);
        return t == null ? 0 : firstAtOrAfter(t, beforeMs);
    }

    /**
     * @param epoch an epoch
     * @param afterMs a time
     * @return packets of that epoch sent after it (strictly)
     */
    long countAfter(long epoch, long afterMs) {
        Times t = byEpoch.get(epoch);
        return t == null ? 0 : t.n - firstAtOrAfter(t, afterMs + 1);
    }

    /** @return the epochs with packets, for a range query that would otherwise walk every epoch number */
    java.util.Set<Long> epochs() {
        return byEpoch.keySet();
    }

    private static int firstAtOrAfter(Times t, long ms) {
        int lo = 0;
        int hi = t.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t.at[mid] < ms) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
