package org.miked.gmf.core;

import org.miked.api.runtime.Clock;

/**
 * How many log lines one host may write: a token bucket ({@value #BURST} lines at once, then one every
 * {@value #REFILL_MILLIS} ms). A flood of forged or malformed datagrams, each of which is rejected with a
 * line, would otherwise fill the disk; the counters still count every one. The first line let through after
 * a suppression says how many were suppressed.
 */
final class LogBudget {
    /** Lines that may be written at once. */
    static final int BURST = 200;
    /** One more line may be written every this many milliseconds. */
    static final long REFILL_MILLIS = 500;

    private final Clock clock;
    private long tokens = BURST;
    private long lastRefill;
    private long suppressed;
    private long suppressedTotal;

    LogBudget(Clock clock) {
        this.clock = clock;
        this.lastRefill = clock.millis();
    }

    /**
     * @param line a line to write
     * @return the line to write now (with a note of what was suppressed before it), or null to drop it
     */
    String admit(String line) {
        long now = clock.millis();
        long earned = (now - lastRefill) / REFILL_MILLIS;
        if (earned > 0) {
            tokens = Math.min(BURST, tokens + earned);
            lastRefill += earned * REFILL_MILLIS;
        }
        if (tokens == 0) {
            suppressed++;
            suppressedTotal++;
            return null;
        }
        tokens--;
        if (suppressed == 0) {
            return line;
        }
        String out = "(" + suppressed + " log lines suppressed) " + line;
        suppressed = 0;
        return out;
    }

    /** @return lines dropped so far */
    long suppressed() {
        return suppressedTotal;
    }
}
