package org.miked.simulator.core;

import java.util.Locale;

/**
 * The remaining wall time of a run, extrapolated from the rate so far: if {@code done} of {@code total}
 * simulated milliseconds took {@code elapsed} of wall time, the rest takes {@code elapsed * (total - done)
 * / done}. Pure (no clock of its own), so that it can be tested with given numbers.
 */
public final class RunEta {
    private RunEta() {
    }

    /**
     * @param wallElapsedNanos wall time since the run started
     * @param simDoneMs simulated time reached
     * @param simTotalMs simulated time the run ends at
     * @return the estimated remaining wall time in ns; 0 when done, -1 when nothing is done yet (no rate)
     */
    public static long remainingNanos(long wallElapsedNanos, long simDoneMs, long simTotalMs) {
        if (simDoneMs >= simTotalMs) {
            return 0;
        }
        if (simDoneMs <= 0 || wallElapsedNanos < 0) {
            return -1;
        }
        return (long) (wallElapsedNanos * ((double) (simTotalMs - simDoneMs) / simDoneMs));
    }

    /**
     * @param nanos a duration, or a negative value for unknown
     * @return {@code ?} (unknown), {@code 7s}, {@code 2m10s} or {@code 1h05m} (rounded to the nearest second)
     */
    public static String format(long nanos) {
        if (nanos < 0) {
            return "?";
        }
        long s = (nanos + 500_000_000L) / 1_000_000_000L;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        long m = (s + 30) / 60;
        return String.format(Locale.ROOT, "%dh%02dm", m / 60, m % 60);
    }
}
