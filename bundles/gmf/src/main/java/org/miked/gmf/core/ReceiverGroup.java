package org.miked.gmf.core;

import java.util.Set;
import java.util.TreeSet;
import org.miked.api.MemberId;
import org.miked.api.auth.AuthSession;
import org.miked.api.dispatch.Destination;
import org.miked.api.gmf.GroupState;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.EpochKey;
import org.miked.api.protocol.KeyClientContext;
import org.miked.api.protocol.KeyClientSession;
import org.miked.api.protocol.KeyDistributionProtocol;
import org.miked.gmf.wire.Envelope;

/**
 * A receiver's key management for one group: runs the distribution client towards its key server and
 * makes every epoch key it receives current. Listens only to its own key server; in EMCON it never
 * transmits.
 */
final class ReceiverGroup extends GroupSession {
    private KeyDistributionProtocol protocol;
    private KeyClientSession client;
    private ClientCtx clientCtx;
    private boolean running;
    /** A client whose leave is still being delivered, with its context (it may send and receive, holds no keys). */
    private KeyClientSession departing;
    private ClientCtx departingCtx;
    /** When the key server was last heard while the client reports it silent; -1: not silent. */
    private long serverSilentSince = -1;

    ReceiverGroup(Host host, GroupPolicy policy) {
        super(host, policy);
    }

    @Override
    void start() {
        String missing = bindCommon();
        KeyDistributionProtocol dp = host.registry().distribution(policy.distribution());
        if (missing == null && dp == null) {
            missing = "distribution protocol '" + policy.distribution() + "' is not deployed";
        }
        if (missing != null) {
            waitFor(missing);
            return;
        }
        protocol = dp;
        running = true;
        state = GroupState.REGISTERING;
        reason = policy.emcon() ? "EMCON: listening for keys from " + policy.keyServer()
                : "registering with " + policy.keyServer();
        serverSilentSince = -1;
        clientCtx = new ClientCtx();
        client = dp.openClient(clientCtx);
        client.start();
    }

    @Override
    void stop(String why) {
        running = false;
        if (client != null) {
            client.close();
            client = null;
        }
        state = GroupState.STOPPED;
        reason = why;
        log("stopped: " + why);
    }

    @Override
    void leave() {
        if (client != null && running) {
            client.leave();
            if (client.leaving()) {
                departing = client;
                departingCtx = clientCtx;
                client = null;
            }
        }
        stop("left the group");
        deleteAllMsas();
        if (departing == null) {
            closeAuth();
        }
    }

    /** @return true while the client's leave is still being delivered */
    boolean departing() {
        return departing != null && departing.leaving();
    }

    /** The departure is over (acknowledged, given up, or cut short): closes the client and the schemes. */
    void endDeparture() {
        if (departing != null) {
            departing.close();
            departing = null;
            departingCtx = null;
        }
        closeAuth();
    }

    @Override
    void registryChanged() {
        if (!running) {
            if (state == GroupState.WAITING_FOR_PROTOCOL || state == GroupState.STOPPED) {
                start();
            }
            return;
        }
        KeyDistributionProtocol now = host.registry().distribution(policy.distribution());
        if (components.schemesChanged(policy) || now != protocol) {
            restart(now == null ? "distribution protocol '" + policy.distribution() + "' was undeployed"
                    : "a protocol or scheme of the group was replaced");
        }
    }

    @Override
    void policyChanged(GroupPolicy p) {
        boolean restart = !p.equals(policy);
        policy = p;
        if (restart) {
            restart("policy changed");
        }
    }

    @Override
    AuthSession openerFor(Envelope.Kind kind, MemberId sender) {
        if (kind != Envelope.Kind.DISTRIBUTION) {
            count("ignored.sender-traffic");
            return null;
        }
        if (!sender.equals(policy.keyServer())) {
            count("ignored.other-server");
            return null;
        }
        return components.rekeyAuth();
    }

    @Override
    AuthSession sealerFor(Envelope.Kind kind) {
        return components.auth();
    }

    @Override
    void onBody(Envelope.Kind kind, MemberId from, long epoch, byte[] body) {
        if (running && client != null) {
            client.onMessage(from, body);
        } else if (departing != null) {
            departing.onMessage(from, body);
        }
    }

    @Override
    RoleStatus roleStatus() {
        return new RoleStatus("-", policy.distribution() + " " + host.registry().describe(protocol),
                policy.senders().size(), 0);
    }

    /** The reason, plus "key server s01 silent for 45 s" while the client reports its server silent. */
    @Override
    String reasonNow() {
        if (!running || serverSilentSince < 0) {
            return reason;
        }
        String silent = silence(host.runtime().clock().millis());
        return reason.isEmpty() ? silent : reason + "; " + silent;
    }

    private String silence(long now) {
        return "key server " + policy.keyServer() + " silent for " + Math.max(0, now - serverSilentSince) / 1000 + " s";
    }

    @Override
    Set<MemberId> members() {
        return new TreeSet<>(policy.senderIds());
    }

    @Override
    boolean rekeyNow() {
        if (!running) {
            return false;
        }
        // a receiver cannot renew the group key; it re-registers (or, in EMCON, restarts listening)
        client.close();
        serverSilentSince = -1;
        clientCtx = new ClientCtx();
        client = protocol.openClient(clientCtx);
        client.start();
        return true;
    }

    @Override
    boolean evict(MemberId receiver) {
        return false;
    }

    private final class ClientCtx extends SessionContext implements KeyClientContext {
        ClientCtx() {
            super(ReceiverGroup.this, policy.distribution());
        }

        @Override
        public void send(Destination to, byte[] body) {
            if ((running && this == clientCtx) || this == departingCtx) {
                ReceiverGroup.this.send(Envelope.Kind.DISTRIBUTION, to, body);
            }
        }

        @Override
        public void epochKey(EpochKey key) {
            if (!running) {
                return;
            }
            if (current != null && key.epoch() <= current.epoch()) {
                count("epoch.stale-ignored");
                return;
            }
            if (key.epoch() < mark.held()) {
                // held before (perhaps before a restart): a replayed rekey of an old epoch, never installed
                count("epoch.older-than-held");
                log("refused epoch " + key.epoch() + ": this host held epoch " + mark.held() + " already");
                return;
            }
            enterKeyed(key);
        }

        @Override
        public void keyServerSilent(long lastHeardMillis) {
            if (!running || this != clientCtx) {
                return;
            }
            long now = host.runtime().clock().millis();
            if (lastHeardMillis < 0) {
                if (serverSilentSince >= 0) {
                    log("key server " + policy.keyServer() + " heard again after "
                            + Math.max(0, now - serverSilentSince) / 1000 + " s of silence");
                }
                serverSilentSince = -1;
            } else {
                boolean first = serverSilentSince < 0;
                serverSilentSince = lastHeardMillis;
                if (first) {
                    log(silence(now) + " (state " + state + ", epoch " + (current == null ? 0 : current.epoch()) + ")");
                }
            }
        }

        @Override
        public void refused(String why) {
            if (!running || this != clientCtx) {
                return;
            }
            // the client registers again later: one message, even a genuine one, never stops a receiver for good
            count("refused");
            state = GroupState.REGISTERING;
            reason = "refused by key server " + policy.keyServer() + ": " + why + " (registering again later)";
            log(reason);
        }
    }
}
