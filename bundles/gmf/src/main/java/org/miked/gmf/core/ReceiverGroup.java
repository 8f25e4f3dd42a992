package org.miked.gmf.core;

import java.util.List;
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
import org.miked.api.runtime.Cancellable;
import org.miked.gmf.wire.Envelope;

/**
 * A receiver's key management for one group: runs the distribution client towards the key server that serves it
 * and makes every epoch key it receives current. Listens only to that server (and, in EMCON on a backup, to its
 * own key server); in EMCON it never transmits.
 *
 * <p>Failover (issue 11): the policy's {@code keyServer} then {@code backupKeyServers} form a ring. When the
 * serving server has not been heard (no authenticated datagram) for {@link #FAILOVER_AFTER_MS} the receiver moves
 * to the next one; after {@link #REFUSED_TRIES} refusals by a backup (it does not consider anyone down yet), too.
 * <pre>
 *  serving s01 --silent 30 s--> s02: channel s02 (EMCON: s01 and s02), new client at s02
 *     non-EMCON: REGISTER at s02 --WELCOME--> KEYED "served by backup s02 (key server s01 silent)"
 *                REFUSE (s02 sees s01 in the agreement) --5 s--> REGISTER again, after 6 refusals --> next in the
 *                ring; meanwhile it listens to s01's channel too: a datagram of s01 with an epoch newer than the
 *                one it holds (s01 is back) --> back to s01 at once
 *     EMCON:     listens to s02's rekeys under its individual key; the s01 client keeps listening
 *                a key from s01 newer than the one held --> back to s01 (s02 drops it at its next batch)
 *  serving s02 --silent 30 s--> s03 ... --> back to s01
 * </pre>
 * Only the serving server's datagrams reach the client ({@code ignored.other-server} otherwise): another sender,
 * or a replay of the old server, neither keys nor moves the receiver. An EMCON receiver's own key server can only
 * move it back with an epoch newer than the one it holds (a replay of its last rekeys cannot).
 */
final class ReceiverGroup extends GroupSession {
    /** Silence of the serving key server after which the receiver moves to the next one (the senders drop a
     *  silent sender after 20-22 s and agree without it within a few seconds: the backup is ready by then). */
    static final long FAILOVER_AFTER_MS = 30_000;
    /** Policy parameter overriding {@link #FAILOVER_AFTER_MS} (ms, at least 1000). */
    static final String FAILOVER_PARAM = "gmf.failoverMillis";
    /** A backup that refused is asked again after this long ... */
    static final long REFUSED_RETRY_MS = 5_000;
    /** ... this many times before the receiver moves on in the ring. */
    static final int REFUSED_TRIES = 6;
    private KeyDistributionProtocol protocol;
    private KeyClientSession client;
    private ClientCtx clientCtx;
    private boolean running;
    /** A client whose leave is still being delivered, with its context (it may send and receive, holds no keys). */
    private KeyClientSession departing;
    private ClientCtx departingCtx;
    /** When the key server was last heard while the client reports it silent; -1: not silent. */
    private long serverSilentSince = -1;
    /** The key servers in the order this receiver tries them: keyServer, then backupKeyServers. */
    private List<MemberId> servers = List.of();
    /** Index in {@link #servers} of the one serving now (0: its own key server). */
    private int at;
    /** When the serving server was last heard (or the receiver moved to it). */
    private long heardAt;
    private Cancellable failoverTimer;
    private Cancellable retryTimer;
    private int refusals;
    /** Refused by a backup: also listening to its own key server, which may be back. */
    private boolean probing;
    /** EMCON on a backup: the client that still listens to its own key server, and its context. */
    private KeyClientSession primaryWatch;
    private ClientCtx primaryWatchCtx;
    /** The key servers whose rekey channels the group's channel listens to. */
    private List<MemberId> listening;

    ReceiverGroup(Host host, GroupPolicy policy) {
        super(host, policy);
        listening = List.of(policy.keyServer()); // HostGmf opened the channel from this policy
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
        servers = policy.keyServers();
        at = 0;
        refusals = 0;
        listen(List.of(policy.keyServer()));
        openClient();
        heardAt = now();
        armFailover();
    }

    private long now() {
        return host.runtime().clock().millis();
    }

    /** @return the key server serving this receiver now */
    MemberId serving() {
        return servers.isEmpty() ? policy.keyServer() : servers.get(at);
    }

    private void openClient() {
        clientCtx = new ClientCtx(serving());
        client = protocol.openClient(clientCtx);
        client.start();
    }

    private void listen(List<MemberId> to) {
        List<MemberId> was = listening;
        listening = to;
        if (!to.equals(was)) {
            host.listen(policy, to);
        }
    }

    private long failoverMillis() {
        try {
            int v = policy.intParam(FAILOVER_PARAM, (int) FAILOVER_AFTER_MS);
            return v >= 1000 ? v : FAILOVER_AFTER_MS;
        } catch (org.miked.api.policy.PolicyException e) {
            return FAILOVER_AFTER_MS;
        }
    }

    /** One timer per silence period (not one per datagram): it re-arms itself until the silence is long enough. */
    private void armFailover() {
        if (servers.size() < 2 || !running || failoverTimer != null) {
            return;
        }
        long due = heardAt + failoverMillis();
        failoverTimer = rt().scheduler().schedule(Math.max(1, due - now()), () -> {
            failoverTimer = null;
            if (!running || servers.size() < 2) {
                return;
            }
            if (now() - heardAt >= failoverMillis()) {
                moveOn("key server " + serving() + " silent for " + (now() - heardAt) / 1000 + " s");
            }
            armFailover();
        });
    }

    /** Moves to the next key server in the ring. */
    private void moveOn(String why) {
        cancel(retryTimer);
        retryTimer = null;
        refusals = 0;
        probing = false;
        MemberId from = serving();
        int next = (at + 1) % servers.size();
        MemberId to = servers.get(next);
        count("failover.moves");
        if (policy.emcon()) {
            if (next == 0) {
                // the ring is back at its own key server: the client listening to it serves again
                client.close();
                client = primaryWatch;
                clientCtx = primaryWatchCtx;
                primaryWatch = null;
                primaryWatchCtx = null;
            } else if (at == 0) {
                // a fresh listener for its own server, from the individual key alone: the path keys it held are
                // useless once that server is back (a restarted server has a new tree whose key versions restart)
                client.close();
                primaryWatchCtx = new ClientCtx(policy.keyServer());
                primaryWatch = protocol.openClient(primaryWatchCtx);
                primaryWatch.start();
            } else {
                client.close();
            }
        } else {
            client.close(); // no LEAVE: its old registration runs out by lease
        }
        at = next;
        heardAt = now();
        serverSilentSince = -1;
        if (policy.emcon()) {
            listen(at == 0 ? List.of(to) : List.of(policy.keyServer(), to));
        } else {
            listen(List.of(to));
        }
        if (client == null || at != 0 || !policy.emcon()) {
            openClient();
        }
        reason = (at == 0 ? "back to key server " + to : (policy.emcon() ? "EMCON: listening for keys from backup "
                : "registering with backup ") + to) + " (" + why + ")";
        log("failover: " + from + " -> " + to + ": " + why);
    }

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    /** A non-EMCON receiver refused by a backup hears its own key server again: it registers there. */
    private void comeBack(String why) {
        MemberId from = serving();
        cancel(retryTimer);
        retryTimer = null;
        refusals = 0;
        probing = false;
        client.close();
        at = 0;
        heardAt = now();
        listen(List.of(policy.keyServer()));
        openClient();
        count("failover.back");
        reason = "registering with " + policy.keyServer() + " again (" + why + ")";
        log("failover: " + from + " -> " + policy.keyServer() + ": " + why);
    }

    /** An EMCON receiver on a backup got a newer key from its own key server: it is served by it again. */
    private void backToPrimary(long epoch) {
        MemberId from = serving();
        client.close();
        client = primaryWatch;
        clientCtx = primaryWatchCtx;
        primaryWatch = null;
        primaryWatchCtx = null;
        at = 0;
        heardAt = now();
        listen(List.of(policy.keyServer()));
        count("failover.back");
        log("failover: " + from + " -> " + policy.keyServer() + ": key server " + policy.keyServer()
                + " is back (epoch " + epoch + ")");
    }

    /** The reason of a receiver keyed by the server it is served by. */
    private String servedReason() {
        return at == 0 ? "" : "served by backup " + serving() + " (key server " + policy.keyServer() + " silent)";
    }

    @Override
    void stop(String why) {
        running = false;
        probing = false;
        cancel(failoverTimer);
        failoverTimer = null;
        cancel(retryTimer);
        retryTimer = null;
        if (primaryWatch != null) {
            primaryWatch.close();
            primaryWatch = null;
            primaryWatchCtx = null;
        }
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
        if (!sender.equals(serving()) && !((primaryWatch != null || probing) && sender.equals(policy.keyServer()))
                && !(departing != null && sender.equals(departingCtx.server))) {
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
        if (running && client != null && from.equals(serving())) {
            heardAt = now();
            client.onMessage(from, body);
        } else if (running && primaryWatch != null && from.equals(policy.keyServer())) {
            primaryWatch.onMessage(from, body);
        } else if (running && probing && from.equals(policy.keyServer())) {
            // refused by a backup: its own key server speaks again, in an epoch after the one held (a replay of its
            // datagrams from before it fell silent cannot carry one)
            if (current == null || epoch > current.epoch()) {
                comeBack("key server " + from + " speaks again (epoch " + epoch + ")");
            } else {
                count("failover.primary-not-newer");
            }
        } else if (departing != null && from.equals(departingCtx.server)) {
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
        return "key server " + serving() + " silent for " + Math.max(0, now - serverSilentSince) / 1000 + " s";
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
        openClient();
        return true;
    }

    @Override
    boolean evict(MemberId receiver) {
        return false;
    }

    private final class ClientCtx extends SessionContext implements KeyClientContext {
        /** The key server this client talks to, and the policy as it sees it (that server as its key server). */
        final MemberId server;
        private final GroupPolicy view;

        ClientCtx(MemberId server) {
            super(ReceiverGroup.this, policy.distribution());
            this.server = server;
            this.view = server.equals(policy.keyServer()) ? policy : policy.withKeyServer(server);
        }

        @Override
        public GroupPolicy policy() {
            return view;
        }

        @Override
        public void send(Destination to, byte[] body) {
            if ((running && this == clientCtx) || this == departingCtx) {
                ReceiverGroup.this.send(Envelope.Kind.DISTRIBUTION, to, body);
            }
        }

        @Override
        public void epochKey(EpochKey key) {
            if (!running || (this != clientCtx && this != primaryWatchCtx)) {
                return;
            }
            if (this == primaryWatchCtx) {
                // EMCON on a backup: its own key server may only take it back with a newer key than it holds
                if (current != null && key.epoch() <= current.epoch()) {
                    count("failover.primary-not-newer");
                    return;
                }
                backToPrimary(key.epoch());
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
            refusals = 0;
            if (probing) {
                probing = false;
                listen(List.of(serving()));
            }
            if (state == GroupState.KEYED && at != 0) {
                reason = servedReason();
            }
        }

        @Override
        public void pastEpochKey(EpochKey key) {
            if (!running || this != clientCtx || current == null || key.epoch() >= current.epoch()) {
                return;
            }
            if (holdPast(key)) {
                count("epoch.past-installed");
            }
        }

        @Override
        public void keyServerSilent(long lastHeardMillis) {
            if (!running || this != clientCtx) {
                return;
            }
            long now = host.runtime().clock().millis();
            if (lastHeardMillis < 0) {
                if (serverSilentSince >= 0) {
                    log("key server " + server + " heard again after "
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
            if (at != 0) {
                // a backup that sees nobody down (yet): ask it again shortly, then move on in the ring
                count("failover.refused");
                reason = "refused by backup " + server + ": " + why;
                log(reason);
                if (!probing && !policy.emcon()) {
                    probing = true;
                    listen(List.of(policy.keyServer(), server));
                }
                if (retryTimer == null) {
                    retryTimer = rt().scheduler().schedule(REFUSED_RETRY_MS, () -> {
                        retryTimer = null;
                        if (!running || this != clientCtx) {
                            return;
                        }
                        if (++refusals >= REFUSED_TRIES) {
                            moveOn("refused " + refusals + " times by backup " + server);
                        } else {
                            client.close();
                            openClient();
                        }
                    });
                }
                return;
            }
            state = GroupState.REGISTERING;
            reason = "refused by key server " + policy.keyServer() + ": " + why + " (registering again later)";
            log(reason);
        }
    }
}
