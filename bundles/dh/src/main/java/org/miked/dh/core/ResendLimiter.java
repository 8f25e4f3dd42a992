package org.miked.dh.core;

import java.util.HashMap;
import java.util.Map;
import org.miked.api.MemberId;
import org.miked.api.runtime.Clock;

/**
 * Limits answers to members that are behind: at most one resend per member per interval, so that a burst
 * of duplicates from a lagging member costs one answer, not one per duplicate.
 */
public final class ResendLimiter {
    private final Clock clock;
    private final long intervalMs;
    private final Map<MemberId, Long> last = new HashMap<>();

    /**
     * @param clock host clock
     * @param intervalMs minimum time between two resends to one member
     */
    public ResendLimiter(Clock clock, long intervalMs) {
        this.clock = clock;
        this.intervalMs = intervalMs;
    }

    /** @return true (and records the send) if m may be answered now */
    public boolean allow(MemberId m) {
        long now = clock.millis();
        Long t = last.get(m);
        if (t != null && now - t < intervalMs) {
            return false;
        }
        last.put(m, now);
        return true;
    }

    /** Forgets all members (new run). */
    public void reset() {
        last.clear();
    }
}
