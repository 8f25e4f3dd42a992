package org.miked.lkh.core;

import org.miked.api.protocol.KeyClientContext;

/**
 * Tells the GMF when a receiver's key server has fallen silent, and since when, and takes it back once the
 * server is heard again ({@link KeyClientContext#keyServerSilent}): the group then shows
 * "key server s01 silent for 45 s" instead of a plain KEYED at an old epoch.
 *
 * <pre>
 *  heard() --noteHeard--> heardAt = now; if reported: keyServerSilent(-1)
 *  onSilence --noteSilent--> keyServerSilent(heardAt)        (every silenceMillis while silent)
 * </pre>
 */
final class SilenceReport {
    private final KeyClientContext ctx;
    private final long silenceMillis;
    /** When the key server was last heard (-1: not yet). */
    private long heardAtMs = -1;
    /** When silence was last reported, -1 while the server is not silent. */
    private long reportedAtMs = -1;

    SilenceReport(KeyClientContext ctx, long silenceMillis) {
        this.ctx = ctx;
        this.silenceMillis = silenceMillis;
    }

    /** The silence timer fired: report since when the server has been silent. */
    void noteSilent() {
        long now = ctx.runtime().clock().millis();
        if (heardAtMs < 0) {
            heardAtMs = now - silenceMillis;
        }
        reportedAtMs = now;
        ctx.keyServerSilent(heardAtMs);
    }

    /**
     * Something valid came from the server: record it and take back a reported silence. Only a datagram of the
     * server counts (the silence timer re-arms itself without calling this).
     *
     * @param now the host's clock, as the caller read it (one read per datagram)
     */
    void noteHeard(long now) {
        heardAtMs = now;
        if (reportedAtMs >= 0) {
            reportedAtMs = -1;
            ctx.keyServerSilent(-1);
        }
    }

    /** @return true while silence is reported */
    boolean silent() {
        return reportedAtMs >= 0;
    }
}
