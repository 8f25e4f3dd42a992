package org.miked.lkh.core;

import org.miked.api.MemberId;
import org.miked.api.dispatch.Destination;
import org.miked.api.protocol.KeyClientContext;
import org.miked.api.runtime.Cancellable;
import org.miked.lkh.wire.LkhCodec;

/**
 * A registered receiver's half of its lease: sends REFRESH for its registration at half the lease after the
 * last renewal, like DHCP's T1 (RFC 2131, 4.4.5; with up to a tenth of the lease of jitter around it, so
 * receivers welcomed by one rekey do not refresh together), and retransmits it (1, 2, 4, 4 ... s, at most a
 * thirtieth of the lease apart, each copy with the next counter) until the server's REFRESH_ACK for the same
 * registration and counter arrives. The lease runs out only if every copy is lost on the way to the server:
 * the half of the lease left after the first one holds at least fifteen copies (a lost acknowledgement costs a
 * copy, not the lease). Half rather than a third: one refresh round per half lease instead of per third, and
 * with the 600 s default a 10-minute run of 100,000 receivers sends 1.2 instead of 2.4 rounds per receiver
 * (docs/decisions.md).
 *
 * <pre>
 *  start(leaf, version) --lease/2 + jitter--> REFRESH(n) --1, 2, 4, 4 s--> REFRESH(n+1) ...
 *          ^                                          |
 *          +------------- REFRESH_ACK(leaf, version, m), m a counter sent --+
 * </pre>
 */
final class LeaseRenewal {
    private static final long FIRST_RETRY_MILLIS = 1000;
    private static final long MAX_RETRY_MILLIS = 4000;
    /** Longest retransmission interval: 4 s, less for a short lease so that about twenty copies fit. */
    private final long maxRetry;

    private final KeyClientContext ctx;
    private final MemberId server;
    private final long leaseMillis;
    private int leaf;
    private long leafVersion;
    private long counter;
    /** Lowest counter sent since the last acknowledgement: an ack of any counter in [since, counter] counts. */
    private long since;
    private long retry;
    private Cancellable timer;

    /** @param leaseMillis the lease; 0: none (nothing is ever sent) */
    LeaseRenewal(KeyClientContext ctx, MemberId server, long leaseMillis) {
        this.ctx = ctx;
        this.server = server;
        this.leaseMillis = leaseMillis;
        this.maxRetry = Math.max(FIRST_RETRY_MILLIS, Math.min(MAX_RETRY_MILLIS, leaseMillis / 30));
    }

    /** A registration was made (WELCOME): its lease runs from now; the first refresh goes out at about half. */
    void start(int leafNode, long version) {
        stop();
        if (leaseMillis <= 0) {
            return;
        }
        leaf = leafNode;
        leafVersion = version;
        counter = 0;
        scheduleNext();
    }

    private void scheduleNext() {
        long jitter = ctx.runtime().random().nextInt((int) Math.max(1, Math.min(Integer.MAX_VALUE, leaseMillis / 10)));
        retry = FIRST_RETRY_MILLIS;
        since = counter + 1;
        timer = ctx.runtime().scheduler().schedule(leaseMillis / 2 - leaseMillis / 20 + jitter, this::send);
    }

    private void send() {
        counter++;
        ctx.count(counter == since ? "lkh.refresh.sent" : "lkh.refresh.resent");
        ctx.send(Destination.unicast(ctx.policy().group(), server), LkhCodec.refresh(leaf, leafVersion, counter));
        timer = ctx.runtime().scheduler().schedule(retry, this::send);
        retry = Math.min(maxRetry, retry * 2);
    }

    /**
     * @param ack a REFRESH_ACK from the key server
     * @return true if it acknowledges a refresh of this registration still unanswered (the next one is then
     *     scheduled); false otherwise (another registration's, an old counter, or none outstanding)
     */
    boolean onAck(LkhCodec.Refresh ack) {
        if (timer == null || ack.leaf() != leaf || ack.leafVersion() != leafVersion || ack.counter() < since
                || ack.counter() > counter) {
            return false;
        }
        timer.cancel();
        ctx.count("lkh.refresh.acked");
        scheduleNext();
        return true;
    }

    /** Stops refreshing (registering again, leaving, closed). */
    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
