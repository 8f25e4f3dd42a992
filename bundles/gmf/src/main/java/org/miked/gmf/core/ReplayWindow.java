package org.miked.gmf.core;

/**
 * Sliding anti-replay window over 64-bit sequence numbers, as IPsec's (RFC 4303 3.4.3): accepts each
 * number once, and none older than the window. Numbers are compared unsigned.
 */
public final class ReplayWindow {
    /** Width of the window in sequence numbers. */
    public static final int SIZE = 64;
    private long highest = -1;
    private boolean any;
    private long bitmap;

    /**
     * Checks a sequence number without recording it: a datagram whose number fails here is dropped before
     * its signature is checked; one that passes is recorded by {@link #accept} only once authenticated.
     *
     * @param seq the number
     * @return true if {@link #accept} would take it now
     */
    public boolean fresh(long seq) {
        if (!any || Long.compareUnsigned(seq, highest) > 0) {
            return true;
        }
        long back = highest - seq;
        return Long.compareUnsigned(back, SIZE) < 0 && (bitmap & (1L << back)) == 0;
    }

    /**
     * Checks and records a sequence number.
     *
     * @param seq the number
     * @return true if new (now recorded); false if replayed or too old
     */
    public boolean accept(long seq) {
        if (!any) {
            any = true;
            highest = seq;
            bitmap = 1;
            return true;
        }
        if (Long.compareUnsigned(seq, highest) > 0) {
            long shift = seq - highest;
            bitmap = shift >= SIZE ? 1 : (bitmap << shift) | 1;
            highest = seq;
            return true;
        }
        long back = highest - seq;
        if (Long.compareUnsigned(back, SIZE) >= 0) {
            return false;
        }
        long bit = 1L << back;
        if ((bitmap & bit) != 0) {
            return false;
        }
        bitmap |= bit;
        return true;
    }
}
