package org.miked.lkh.core;

import java.util.Map;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Destination;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.KeyClientContext;
import org.miked.api.protocol.EpochKey;
import org.miked.api.protocol.KeyClientSession;
import org.miked.api.runtime.Cancellable;
import org.miked.common.crypto.KeyWrap;
import org.miked.common.wire.DecodeException;
import org.miked.lkh.wire.KeyMessage;
import org.miked.lkh.wire.LkhCodec;
import org.miked.lkh.wire.WrapEntry;

/**
 * A receiver's LKH state machine. A normal receiver registers (retransmitting until answered), applies
 * rekey packets, and asks its key server for a repair when it notices a gap (sequence or epoch ahead of
 * what it could derive, a missing packet, or silence). An EMCON receiver never sends: it starts from its
 * pre-provisioned individual key, finds its leaf as the one whose wraps open under that key, and catches
 * up from multicast rekeys and repairs alone.
 *
 * <pre>
 *  IDLE --start--> REGISTERING --WELCOME--> MEMBER --leave--> LEAVING --LEAVE_ACK or give up--> LEFT
 *    |               ^  |  REFUSE code 1 for this REGISTER   ^  |
 *    |               |  v                                    |  +--REFUSE code 2 for this leaf--> REGISTERING
 *    |             REFUSED --(60 s, doubling to 16 min)--+   |
 *    +--start (EMCON)------------------------------------+---+
 * </pre>
 *
 * Every REFUSE is bound to the request it answers (the client's ephemeral key, or its leaf and version);
 * no single message stops a receiver for good.
 *
 * A registered receiver renews its lease ({@code leaseSeconds}) with REFRESH ({@link LeaseRenewal}); when its
 * key server falls silent it says so to the GMF ({@code ctx.keyServerSilent}), and takes it back once it hears
 * the server again.
 *
 * A leave forgets every key at once, sends {@value #LEAVE_COPIES} copies of LEAVE and retransmits it
 * (1, 2, 4, 4, ... s) until the server's LEAVE_ACK for the same registration arrives or
 * {@code lkh.leaveMillis} has passed: at 30% loss three copies are all lost once in 37 leaves, and a
 * receiver whose leave is lost would be served every later key.
 */
public final class LkhClient implements KeyClientSession {
    private enum Phase {
        IDLE, REGISTERING, MEMBER, REFUSED, LEAVING, LEFT, CLOSED
    }

    private static final long MAX_REGISTER_BACKOFF = 4000;
    private static final long MAX_REPAIR_BACKOFF = 2000;

    private final KeyClientContext ctx;
    private final GroupPolicy policy;
    private final LkhParams p;
    private final MemberId server;
    private final boolean emcon;
    private final ClientKeys keys;
    private final LeaseRenewal renewal;
    private final SilenceReport silence;
    private Phase phase = Phase.IDLE;
    private Registration.KeyPair eph;
    private long targetEpoch = -1;
    private long targetSeq = -1;
    private Cancellable registerTimer;
    private Cancellable repairTimer;
    private Cancellable silenceTimer;
    /** When the key server was last heard ({@link #heard}), by the host's clock. */
    private long lastHeardMs;
    private long registerDelay;
    private long repairBackoff;
    private byte[] leaveMessage;
    private int leaveLeaf;
    private long leaveVersion;
    private long leaveDelay;
    private long leaveDeadline;
    private Cancellable leaveTimer;
    private static final long MAX_LEAVE_BACKOFF = 4000;

    /** @param ctx the group's context at this receiver */
    public LkhClient(KeyClientContext ctx) {
        this.ctx = ctx;
        this.policy = ctx.policy();
        this.p = LkhParams.of(policy);
        this.server = policy.keyServer();
        this.emcon = policy.emcon();
        this.keys = new ClientKeys(p.degree(), ctx.runtime().cryptoMemo());
        this.renewal = new LeaseRenewal(ctx, server, emcon ? 0 : policy.leaseSeconds() * 1000);
        this.silence = new SilenceReport(ctx, p.silenceMillis());
    }

    @Override
    public void start() {
        if (phase != Phase.IDLE) {
            return;
        }
        if (emcon) {
            MemberId self = ctx.runtime().self();
            byte[] ind = policy.credentials().individualKey(self);
            if (ind == null) {
                ctx.log("lkh client: EMCON without a provisioned individual key; cannot receive keys");
                ctx.count("lkh.emcon.nokey");
                return;
            }
            keys.setLeaf(-1, -1, Registration.leafKey(policy.group(), self, ind));
            phase = Phase.MEMBER;
            return;
        }
        register();
    }

    private void register() {
        renewal.stop();
        keys.wipe();
        targetEpoch = -1;
        targetSeq = -1;
        phase = Phase.REGISTERING;
        eph = Registration.generate(ctx.runtime().random());
        registerDelay = p.registerRetryMillis();
        sendRegister();
    }

    private void sendRegister() {
        if (phase != Phase.REGISTERING) {
            return;
        }
        ctx.send(Destination.unicast(policy.group(), server), LkhCodec.register(eph.pub()));
        long jitter = ctx.runtime().random().nextInt((int) Math.max(1, registerDelay / 4));
        registerTimer = ctx.runtime().scheduler().schedule(registerDelay + jitter, this::sendRegister);
        registerDelay = Math.min(MAX_REGISTER_BACKOFF, registerDelay * 2);
    }

    @Override
    public void onMessage(MemberId from, byte[] body) {
        if (phase == Phase.CLOSED || phase == Phase.LEFT || phase == Phase.IDLE) {
            return;
        }
        if (!from.equals(server)) {
            reject("origin", "message from " + from + ", my key server is " + server);
            return;
        }
        if (phase == Phase.LEAVING) {
            onWhileLeaving(body);
            return;
        }
        try {
            int type = LkhCodec.type(body);
            switch (type) {
                case LkhCodec.REKEY, LkhCodec.REPAIR -> {
                    if (holdsAllOf(body)) {
                        ctx.count("lkh.current-skipped");
                        heard();
                    } else {
                        onKeys(LkhCodec.decodeKeyMessage(body));
                    }
                }
                case LkhCodec.KEYS -> onKeys(LkhCodec.decodeKeyMessage(body));
                case LkhCodec.WELCOME -> onWelcome(LkhCodec.decodeKeyMessage(body));
                case LkhCodec.HEARTBEAT -> onHeartbeat(LkhCodec.decodeHeartbeat(body));
                case LkhCodec.REFUSE -> onRefuse(LkhCodec.decodeRefuse(body));
                case LkhCodec.REFRESH_ACK -> onRefreshAck(LkhCodec.decodeRefreshAck(body));
                default -> reject("type", "message type " + type);
            }
        } catch (DecodeException e) {
            reject("decode", e.getMessage());
        }
    }

    /**
     * @return true if a multicast key message can bring nothing: this member holds the epoch key of exactly
     *     its epoch and rekey sequence (so the path from its leaf to that root) and knows of nothing newer.
     *     Rekey repeats, the other parts of a rekey and the EMCON carousel, which repeats itself every few
     *     seconds to every receiver of its server, are then dropped without decoding their entries.
     */
    private boolean holdsAllOf(byte[] body) {
        if (phase != Phase.MEMBER || !keys.hasEpochKey() || behind()) {
            return false;
        }
        long[] se = LkhCodec.peekSeqEpoch(body);
        return se != null && se[0] == keys.seq() && se[1] == keys.epoch();
    }

    private void reject(String reason, String detail) {
        ctx.count("lkh.rejected." + reason);
        ctx.log("lkh client: rejected (" + reason + ") " + detail);
    }

    /**
     * The key server spoke: silence is measured from now. One timer per silence period, not one per datagram
     * (re-arming a timer at every datagram was 8% of a 100,000-receiver churn, and as many dead events).
     */
    private void heard() {
        if (emcon || phase != Phase.MEMBER) {
            return;
        }
        lastHeardMs = ctx.runtime().clock().millis();
        silence.noteHeard(lastHeardMs);
        if (silenceTimer == null) {
            silenceTimer = ctx.runtime().scheduler().schedule(p.silenceMillis(), this::onSilence);
        }
    }

    private void onSilence() {
        silenceTimer = null;
        if (phase != Phase.MEMBER) {
            return;
        }
        long quiet = ctx.runtime().clock().millis() - lastHeardMs;
        if (quiet >= 0 && quiet < p.silenceMillis()) {
            // heard since the timer was set: silence ends silenceMillis after the last datagram
            silenceTimer = ctx.runtime().scheduler().schedule(p.silenceMillis() - quiet, this::onSilence);
            return;
        }
        silence.noteSilent();
        ctx.count("lkh.silence");
        sendRepairRequest();
        // the next silence period starts now; not heard(): on a real host the clock has moved on since
        // noteSilent read it, and a "hearing" then took the silence back at once (seen on the netns test)
        lastHeardMs = ctx.runtime().clock().millis();
        silenceTimer = ctx.runtime().scheduler().schedule(p.silenceMillis(), this::onSilence);
    }

    /** The server took a refresh of this registration: the lease is renewed, and the server is alive. */
    private void onRefreshAck(LkhCodec.Refresh ack) {
        if (phase == Phase.MEMBER && renewal.onAck(ack)) {
            heard();
        } else {
            reject("stale", "REFRESH_ACK " + ack.counter() + " for leaf " + ack.leaf() + " version "
                    + ack.leafVersion() + " answers no outstanding refresh of this registration");
        }
    }

    private void onWelcome(KeyMessage m) {
        if (phase != Phase.REGISTERING || eph == null) {
            ctx.count("lkh.duplicate");
            return;
        }
        if (m.degree() != p.degree()) {
            reject("degree", "welcome for degree " + m.degree());
            return;
        }
        byte[] kek = Registration.kek(policy.group(), ctx.runtime().self(), server, eph.priv(), eph.pub(),
                m.serverPub(), m.serverPub());
        WrapEntry ind = m.entries().stream().filter(e -> e.kind() == WrapEntry.Kind.INDIVIDUAL).findFirst()
                .orElse(null);
        if (kek == null || ind == null || Nodes.level(ind.kekNode()) != 0) {
            reject("welcome", "no usable individual key");
            return;
        }
        byte[] leafKey;
        try {
            leafKey = KeyWrap.unwrap(kek, ind.wrapped());
        } catch (InvalidCipherTextException e) {
            reject("unwrap", "welcome: individual key does not unwrap");
            return;
        }
        if (leafKey.length != KeyTree.KEY_LEN) {
            reject("welcome", "individual key of " + leafKey.length + " bytes");
            return;
        }
        keys.setLeaf(Nodes.index(ind.kekNode()), ind.newVersion(), leafKey);
        ClientKeys.Outcome o = keys.apply(m);
        if (o != ClientKeys.Outcome.CAUGHT_UP) {
            keys.wipe();
            reject(o == ClientKeys.Outcome.FORGED ? "unwrap" : "welcome", "welcome does not lead to the epoch key");
            return;
        }
        phase = Phase.MEMBER;
        eph = null;
        refusedDelay = REFUSED_RETRY_MILLIS;
        if (registerTimer != null) {
            registerTimer.cancel();
        }
        ctx.count("lkh.registered");
        renewal.start(Nodes.id(0, keys.leaf()), keys.leafVersion());
        deliver();
        heard();
    }

    /**
     * A newer GMF epoch with a lower rekey sequence can only come from a restarted key server (the GMF
     * authenticated the message, and epochs never repeat): its tree is new, so an EMCON receiver starts
     * over from its leaf key.
     */
    private void serverRestarted(long epoch, long seq) {
        // a registered receiver keeps its old leaf: its repair request makes the new server answer
        // "unknown member", and it registers again; an EMCON receiver can only start over from its leaf key
        if (emcon && keys.epoch() >= 0 && epoch > keys.epoch() && seq < keys.seq()) {
            ctx.count("lkh.server-restarted");
            ctx.log("lkh client: key server restarted (epoch " + epoch + " seq " + seq + " after epoch " + keys.epoch()
                    + " seq " + keys.seq() + "): starting over from the leaf key");
            keys.forgetTree();
        }
    }

    private void onKeys(KeyMessage m) {
        if (phase != Phase.MEMBER) {
            return;
        }
        if (m.degree() != p.degree()) {
            reject("degree", "key message for degree " + m.degree());
            return;
        }
        serverRestarted(m.epoch(), m.seq());
        if (keys.isStale(m.epoch(), m.seq())) {
            reject("stale", "type " + m.type() + " epoch " + m.epoch() + " seq " + m.seq() + " older than epoch "
                    + keys.epoch() + " seq " + keys.seq());
            return;
        }
        boolean mine = keys.leaf() < 0 || m.type() != LkhCodec.REKEY
                || (keys.leaf() >= m.lo() && keys.leaf() <= m.hi());
        ClientKeys.Outcome o = keys.apply(m);
        switch (o) {
            case FORGED -> reject("unwrap", "type " + m.type() + " seq " + m.seq() + ": a wrap under a key I hold fails");
            case CAUGHT_UP -> {
                heard();
                deliver();
            }
            case BEHIND -> {
                heard();
                if (mine) {
                    ctx.count("lkh.gap");
                    ctx.log("lkh client: gap: type " + m.type() + " epoch " + m.epoch() + " seq " + m.seq()
                            + " does not lead to its epoch key from what I hold (epoch " + keys.epoch() + " seq "
                            + keys.seq() + ")");
                }
                noteTarget(m.epoch(), m.seq());
            }
            case CURRENT -> heard();
            default -> throw new IllegalStateException();
        }
    }

    private void onHeartbeat(LkhCodec.Heartbeat h) {
        if (phase != Phase.MEMBER || h.degree() != p.degree()) {
            return;
        }
        serverRestarted(h.epoch(), h.seq());
        if (keys.isStale(h.epoch(), h.seq())) {
            reject("stale", "heartbeat epoch " + h.epoch() + " seq " + h.seq());
            return;
        }
        heard();
        noteTarget(h.epoch(), h.seq());
    }

    /**
     * A REFUSE counts only if it answers this receiver's current request: a REFUSED the REGISTER with the
     * ephemeral key it is registering with now, an UNKNOWN a repair request of the registration it holds now
     * (the GMF already checked that the envelope names this host). One captured from another receiver, or from
     * an earlier registration of this one, is rejected. Even a genuine REFUSED does not stop the receiver for
     * good: it registers again after {@value #REFUSED_RETRY_MILLIS} ms, doubling up to
     * {@value #MAX_REFUSED_RETRY_MILLIS} ms (a policy change at the server may admit it).
     */
    private void onRefuse(LkhCodec.Refuse r) {
        if (r.code() == LkhCodec.REFUSED && phase == Phase.REGISTERING && eph != null
                && r.binds(LkhCodec.REGISTER, LkhCodec.registerBinding(eph.pub()))) {
            phase = Phase.REFUSED;
            cancelTimers();
            eph = null;
            ctx.count("lkh.refused");
            ctx.log("lkh client: refused by " + server + ": " + r.reason() + "; registering again in "
                    + refusedDelay / 1000 + " s");
            ctx.refused(r.reason());
            registerTimer = ctx.runtime().scheduler().schedule(refusedDelay, this::afterRefusal);
            refusedDelay = Math.min(MAX_REFUSED_RETRY_MILLIS, refusedDelay * 2);
        } else if (r.code() == LkhCodec.UNKNOWN && phase == Phase.MEMBER && !emcon && keys.leaf() >= 0
                && (r.binds(LkhCodec.REPAIR_REQ, ownBinding()) || r.binds(LkhCodec.REFRESH, ownBinding()))) {
            ctx.log("lkh client: " + server + " does not know us (" + r.reason() + "); registering again");
            ctx.count("lkh.reregister");
            cancelTimers();
            register();
        } else {
            reject("unbound", "REFUSE code " + r.code() + " answering type " + r.answers()
                    + " does not answer a request of this receiver's current registration (phase " + phase + ")");
        }
    }

    /** @return the binding of a repair request or refresh of the registration held now */
    private byte[] ownBinding() {
        return LkhCodec.repairBinding(Nodes.id(0, keys.leaf()), keys.leafVersion());
    }

    /** First wait after a refusal before registering again. */
    static final long REFUSED_RETRY_MILLIS = 60_000;
    /** Longest wait between registrations of a refused receiver. */
    static final long MAX_REFUSED_RETRY_MILLIS = 960_000;
    private long refusedDelay = REFUSED_RETRY_MILLIS;

    private void afterRefusal() {
        registerTimer = null;
        if (phase == Phase.REFUSED) {
            register();
        }
    }

    private void deliver() {
        if (keys.epochChanged()) {
            ctx.epochKey(new EpochKey(keys.epoch(), keys.epochKey()));
            for (EpochKey k : keys.pastEpochs()) {
                ctx.pastEpochKey(k);
            }
        }
        scheduleRepair(); // only if still behind a newer rekey we heard of
    }

    private boolean behind() {
        return keys.epoch() < targetEpoch || (keys.epoch() == targetEpoch && keys.seq() < targetSeq);
    }

    private void noteTarget(long e, long s) {
        if (e > targetEpoch || (e == targetEpoch && s > targetSeq)) {
            targetEpoch = e;
            targetSeq = s;
        }
        scheduleRepair();
    }

    private void scheduleRepair() {
        if (emcon || phase != Phase.MEMBER || !behind() || repairTimer != null) {
            return;
        }
        long jitter = p.repairJitterMillis() > 0 ? ctx.runtime().random().nextInt((int) p.repairJitterMillis()) : 0;
        repairTimer = ctx.runtime().scheduler().schedule(p.repairDelayMillis() + jitter, this::repairCheck);
    }

    private void repairCheck() {
        repairTimer = null;
        if (phase != Phase.MEMBER || !behind()) {
            repairBackoff = 0;
            return;
        }
        sendRepairRequest();
        repairBackoff = repairBackoff == 0 ? Math.max(500, p.repairMinMillis() * 2) : Math.min(MAX_REPAIR_BACKOFF, repairBackoff * 2);
        repairTimer = ctx.runtime().scheduler().schedule(repairBackoff, this::repairCheck);
    }

    private void sendRepairRequest() {
        if (emcon || keys.leaf() < 0) {
            return;
        }
        ctx.count("lkh.repair.requested");
        ctx.send(Destination.unicast(policy.group(), server), LkhCodec.repairRequest(Nodes.id(0, keys.leaf()),
                keys.leafVersion(), Math.max(0, keys.epoch()), Math.max(0, keys.seq())));
    }

    /** Copies of a leave message sent at once (the server treats duplicates as one). */
    static final int LEAVE_COPIES = 3;

    @Override
    public void leave() {
        if (!emcon && (phase == Phase.MEMBER || phase == Phase.REGISTERING)) {
            leaveLeaf = keys.leaf() < 0 ? -1 : Nodes.id(0, keys.leaf());
            leaveVersion = Math.max(0, keys.leafVersion());
            // independent copies (each with its own GMF sequence number), then retransmissions until acked
            leaveMessage = LkhCodec.leave(leaveLeaf, leaveVersion);
            for (int i = 0; i < LEAVE_COPIES; i++) {
                ctx.send(Destination.unicast(policy.group(), server), leaveMessage);
            }
            cancelTimers();
            keys.wipe();
            eph = null;
            phase = Phase.LEAVING;
            leaveDelay = 1000;
            leaveDeadline = ctx.runtime().clock().millis() + p.leaveMillis();
            leaveTimer = ctx.runtime().scheduler().schedule(leaveDelay, this::resendLeave);
            return;
        }
        close();
        phase = Phase.LEFT;
    }

    private void resendLeave() {
        leaveTimer = null;
        if (phase != Phase.LEAVING) {
            return;
        }
        if (ctx.runtime().clock().millis() >= leaveDeadline) {
            ctx.count("lkh.leave.unacked");
            ctx.log("lkh client: no LEAVE_ACK from " + server + " within " + p.leaveMillis() + " ms; giving up");
            leaveMessage = null;
            phase = Phase.LEFT;
            return;
        }
        ctx.count("lkh.leave.resent");
        ctx.send(Destination.unicast(policy.group(), server), leaveMessage);
        leaveDelay = Math.min(MAX_LEAVE_BACKOFF, leaveDelay * 2);
        leaveTimer = ctx.runtime().scheduler().schedule(leaveDelay, this::resendLeave);
    }

    /** While leaving only the server's LEAVE_ACK for the registration that leaves counts. */
    private void onWhileLeaving(byte[] body) {
        try {
            if (LkhCodec.type(body) != LkhCodec.LEAVE_ACK) {
                ctx.count("lkh.leaving.ignored");
                return;
            }
            LkhCodec.Leave ack = LkhCodec.decodeLeaveAck(body);
            if (ack.leaf() != leaveLeaf || ack.leafVersion() != leaveVersion) {
                reject("stale", "LEAVE_ACK for leaf " + ack.leaf() + " version " + ack.leafVersion()
                        + ", leaving leaf " + leaveLeaf + " version " + leaveVersion);
                return;
            }
        } catch (DecodeException e) {
            reject("decode", e.getMessage());
            return;
        }
        ctx.count("lkh.leave.acked");
        if (leaveTimer != null) {
            leaveTimer.cancel();
            leaveTimer = null;
        }
        leaveMessage = null;
        phase = Phase.LEFT;
    }

    @Override
    public boolean leaving() {
        return phase == Phase.LEAVING;
    }

    @Override
    public void close() {
        phase = Phase.CLOSED;
        cancelTimers();
        keys.wipe();
        eph = null;
    }

    private void cancelTimers() {
        renewal.stop();
        for (Cancellable c : new Cancellable[] {registerTimer, repairTimer, silenceTimer, leaveTimer}) {
            if (c != null) {
                c.cancel();
            }
        }
        registerTimer = null;
        repairTimer = null;
        silenceTimer = null;
        leaveTimer = null;
    }

    /** @return every key held now (for secrecy tests) */
    public Map<String, byte[]> heldKeys() {
        return keys.snapshot();
    }

    /** @return the epoch this receiver holds, -1 if none */
    public long epoch() {
        return keys.epoch();
    }

    /** @return true once the receiver holds keys (registered, or EMCON) */
    public boolean isMember() {
        return phase == Phase.MEMBER;
    }
}
