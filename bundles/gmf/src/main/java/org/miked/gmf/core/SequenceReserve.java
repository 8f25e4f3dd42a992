package org.miked.gmf.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.miked.api.runtime.StateStore;

/**
 * Hands out a host's envelope sequence numbers so that no incarnation reuses or goes below an earlier one's,
 * whatever its clock says (issue 11): receivers keep the sender's anti-replay window across its restart and
 * drop every lower number. The first number is above both the clock ({@code millis << 20}, as before) and
 * the block the host last reserved in its {@link StateStore} (record {@code envelope.sequence}, decimal
 * text); a new block of {@link #BLOCK} numbers is reserved before the current one runs out, so the store is
 * written once per {@code BLOCK} datagrams. A record that cannot be read counts as none; a failed write is
 * reported and the numbers go on (the next restart falls back to the clock).
 */
final class SequenceReserve {
    static final String RECORD = "envelope.sequence";
    static final long BLOCK = 1L << 20;

    private final StateStore store;
    private final Consumer<String> problem;
    private long sequence;
    private long reservedUntil;

    SequenceReserve(StateStore store, long clockMillis, Consumer<String> problem) {
        this.store = store;
        this.problem = problem;
        this.sequence = Math.max(clockMillis << 20, read());
        reserve();
    }

    private long read() {
        byte[] b = store.get(RECORD);
        if (b == null) {
            return 0;
        }
        try {
            return Long.parseLong(new String(b, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            problem.accept("state record " + RECORD + " is not a sequence number; ignored");
            return 0;
        }
    }

    private void reserve() {
        reservedUntil = sequence + BLOCK;
        try {
            store.put(RECORD, Long.toString(reservedUntil).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            problem.accept("cannot reserve sequence numbers up to " + reservedUntil + " in " + store + ": "
                    + e.getMessage());
        }
    }

    /** @return the next sequence number, strictly above every one this host handed out, also before a restart */
    long next() {
        if (++sequence >= reservedUntil) {
            reserve();
        }
        return sequence;
    }
}
