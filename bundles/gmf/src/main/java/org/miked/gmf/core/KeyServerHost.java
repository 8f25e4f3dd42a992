package org.miked.gmf.core;

import java.util.Set;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Destination;
import org.miked.api.protocol.KeyServerContext;
import org.miked.api.protocol.EpochKey;
import org.miked.api.protocol.KeyDistributionProtocol;
import org.miked.api.protocol.KeyServerSession;
import org.miked.api.runtime.Cancellable;
import org.miked.gmf.wire.Envelope;

/**
 * Hosts a sender's key-server session for its receivers: opens it with the distribution protocol, hands
 * it every new epoch key, routes receivers' messages to it, and collects joins and leaves into one batch
 * that ends after the policy's batch interval.
 */
final class KeyServerHost {
    private final SenderGroup group;
    private final Runnable batchDue;
    private KeyDistributionProtocol protocol;
    private KeyServerSession server;
    private Cancellable batchTimer;

    /**
     * @param group the sender's group
     * @param batchDue called when a batch of joins and leaves is due (the group then enters a new epoch)
     */
    KeyServerHost(SenderGroup group, Runnable batchDue) {
        this.group = group;
        this.batchDue = batchDue;
    }

    /** Opens a server session with this protocol. */
    void open(KeyDistributionProtocol dp) {
        protocol = dp;
        server = dp.openServer(new ServerCtx());
    }

    /** @return the protocol the session was opened with (null before the first open) */
    KeyDistributionProtocol protocol() {
        return protocol;
    }

    /** Distributes a new epoch key; the pending batch of joins and leaves goes with it. */
    void rekey(EpochKey key) {
        cancelBatch();
        if (server != null) {
            server.rekey(key);
            group.count("rekeys");
        }
    }

    /** The senders' agreement has a run among exactly these senders (before its first rekey). */
    void sendersAgreed(Set<MemberId> live) {
        if (server != null) {
            server.sendersAgreed(java.util.Collections.unmodifiableSet(live));
        }
    }

    /** The batch timer fired. */
    void batchFired() {
        batchTimer = null;
        batchDue.run();
    }

    private void cancelBatch() {
        if (batchTimer != null) {
            batchTimer.cancel();
        }
        batchTimer = null;
    }

    /** A receiver's authenticated message. */
    void onMessage(MemberId from, byte[] body) {
        if (server != null) {
            server.onMessage(from, body);
        }
    }

    /** @return false if no session is open */
    boolean evict(MemberId receiver) {
        if (server == null) {
            return false;
        }
        server.evict(receiver);
        return true;
    }

    /** @return false if no session is open */
    boolean pardon(MemberId receiver) {
        if (server == null) {
            return false;
        }
        server.pardon(receiver);
        return true;
    }

    /** @return the receivers served after the last rekey */
    Set<MemberId> members() {
        return server == null ? Set.of() : server.members();
    }

    /** Cancels the batch and closes the session. */
    void close() {
        cancelBatch();
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Context of the key server; lives as long as the group runs with this distribution protocol. */
    private final class ServerCtx extends GroupSession.SessionContext implements KeyServerContext {
        ServerCtx() {
            super(group, group.policy.distribution());
        }

        @Override
        public void send(Destination to, byte[] body) {
            if (group.running()) {
                group.send(Envelope.Kind.DISTRIBUTION, to, body);
            }
        }

        @Override
        public void membershipChanged() {
            if (batchTimer == null && group.running()) {
                batchTimer = group.rt().scheduler().schedule(group.policy.rekeyBatchMillis(), KeyServerHost.this::batchFired);
            }
        }
    }
}
