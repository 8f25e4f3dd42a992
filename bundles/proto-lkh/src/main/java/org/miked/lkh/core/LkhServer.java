package org.miked.lkh.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Destination;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.KeyServerContext;
import org.miked.api.protocol.EpochKey;
import org.miked.api.protocol.KeyServerSession;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.CryptoMemo;
import org.miked.common.crypto.KeyWrap;
import org.miked.common.wire.DecodeException;
import org.miked.lkh.state.ServerState;
import org.miked.lkh.wire.KeyMessage;
import org.miked.lkh.wire.LkhCodec;
import org.miked.lkh.wire.WrapEntry;

/**
 * Key server of one sender: keeps the key tree of its receivers, admits registrations, applies joins and
 * leaves in batches at each {@link #rekey(EpochKey)}, multicasts thin rekey packets (repeated), answers
 * repair requests by unicast and keeps EMCON receivers current by multicast repairs.
 *
 * <pre>
 *  receiver                      key server
 *   REGISTER(x25519 pub) ----->   admit? (verify key, not excluded) -- no --> REFUSE(reason)
 *                                 pending join; ctx.membershipChanged()
 *                        ... GMF: rekey(Ke(n)) ...
 *   <---------- REKEY x repeat    batch: leaves + joins, wraps packed per leaf range (multicast)
 *   <---------- WELCOME           leaf key under HKDF(X25519, transcript), path keys, Ke(n) (unicast)
 *   REPAIR_REQ -------------->    KEYS: path chain under the leaf key + Ke(n) (unicast)
 *   LEAVE -------------------->   pending leave; ctx.membershipChanged()
 *   REFRESH(leaf, ver, n) ---->   lease renewed (n above the last taken) --> REFRESH_ACK; unknown --> REFUSE code 2
 *                                 tick: a lease not renewed for policy.leaseSeconds() --> pending leave (Leases)
 *   <---------- REPAIR / HEARTBEAT (multicast, every repairMillis when due)
 * </pre>
 *
 * With a state store and a signing key the tree survives a crash ({@link ServerStateKeeper}): a batch that
 * changed it is written before its packets leave, a LEAVE is acknowledged once its removal is written, and a
 * new session continues the record's tree and sequence.
 * Backup receivers ({@code policy.backupReceivers()}, issue 11 failover) are left to {@link BackupService}: not
 * pre-registered, admitted and added only while their key server is out of the senders' agreement
 * ({@link #sendersAgreed}).
 */
public final class LkhServer implements KeyServerSession {
    /**
     * What the last rekey cost.
     *
     * @param seq its sequence number
     * @param joins joiners applied
     * @param leaves departures applied
     * @param nodeWraps wrapped node keys (without the epoch key)
     * @param packets multicast packets (one copy)
     * @param bytes multicast body bytes (one copy)
     * @param unicastBytes WELCOME bytes sent to the joiners
     * @param largest largest multicast body
     */
    public record RekeyStats(long seq, int joins, int leaves, int nodeWraps, int packets, long bytes,
            long unicastBytes, int largest) {
    }

    private static final class Member {
        final MemberId id;
        final boolean emcon;
        byte[] clientPub;
        byte[] pendingKey;
        int leaf = -1;
        long leafVersion;
        long lastRepair = Long.MIN_VALUE / 2;
        /** A pending joiner's registration key, started when its REGISTER came, for {@link #handshakeFor}. */
        java.util.function.Supplier<Registration.ServerHalf> handshake;
        byte[] handshakeFor;
        byte[] ephPriv;

        Member(MemberId id, boolean emcon) {
            this.id = id;
            this.emcon = emcon;
        }
    }

    private final KeyServerContext ctx;
    private final GroupPolicy policy;
    private final LkhParams p;
    private final KeyTree tree;
    private final EmconRepair emcon;
    private final Leases leases;
    private final BackupService backup;
    private final Map<MemberId, Member> members = new HashMap<>();
    private final Map<MemberId, Member> pendingJoins = new LinkedHashMap<>();
    private final Set<MemberId> pendingLeaves = new LinkedHashSet<>();
    /** Registrations that left recently (leaf node, version): a retransmitted LEAVE whose ack was lost is acked again. */
    private final Map<MemberId, long[]> recentlyLeft = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MemberId, long[]> eldest) {
            return size() > RECENTLY_LEFT;
        }
    };
    /** Departures remembered for acking retransmitted LEAVEs. */
    static final int RECENTLY_LEFT = 4096;
    private final Set<MemberId> evicted = new java.util.HashSet<>();
    /** Keeps the tree across a crash (issue 11); LEAVE_ACKs then wait until the record without the leaver is written. */
    private final ServerStateKeeper keeper;
    private final Map<MemberId, LkhCodec.Leave> ackAfterWrite = new LinkedHashMap<>();
    /** When the tree was restored (-1: a fresh tree); the recently-left list is not in the record. */
    private long restoredAt = -1;
    private final List<Cancellable> repeats = new ArrayList<>();
    private Set<MemberId> installed;
    private Cancellable tick;
    private long seq;
    private long epoch;
    /** An earlier epoch's key and when the next epoch superseded it (issue 12, {@link #past()}). */
    private record PastEpoch(long epoch, long supersededAt, byte[] key) {
    }

    /** Earlier epochs' keys, newest first. */
    private final java.util.ArrayDeque<PastEpoch> pastEpochs = new java.util.ArrayDeque<>(4);
    /** The newest epoch in which this server admitted a receiver: no earlier epoch's key goes under the root. */
    private long lastAdmitEpoch = Long.MAX_VALUE;
    /** At most this many past epoch keys ride on a key message. */
    static final int MAX_PAST_EPOCHS = 4;
    private byte[] epochKey;
    private long lastMulticast;
    private RekeyStats last;
    private boolean closed;

    /** @param ctx the group's context at this sender */
    public LkhServer(KeyServerContext ctx) {
        this.ctx = ctx;
        this.policy = ctx.policy();
        this.p = LkhParams.of(policy);
        this.tree = new KeyTree(p.degree());
        this.emcon = new EmconRepair(tree, p);
        this.leases = new Leases(policy.leaseSeconds() * 1000);
        Map<MemberId, byte[]> provisioned = new TreeMap<>(policy.credentials().individualKeys());
        for (var e : provisioned.entrySet()) {
            if (e.getKey().equals(ctx.runtime().self()) || excluded(e.getKey()) || policy.backsUp(e.getKey())) {
                continue; // a backup receiver joins only when its key server is down (BackupService)
            }
            joinEmcon(e.getKey(), e.getValue());
        }
        this.backup = new BackupService(ctx, policy, new BackupTree());
        keeper = new ServerStateKeeper(ctx);
        ServerState saved = keeper.load(p.degree());
        if (saved != null) {
            restore(saved);
        }
        tick = ctx.runtime().scheduler().schedule(p.repairMillis(), this::onTick);
    }

    /**
     * Continues an earlier incarnation's tree: its receivers keep their leaves and keys (no registration), the
     * next rekey is above every sequence it used. Receivers the policy no longer admits, and EMCON receivers no
     * longer provisioned (or with another key), leave at the first batch.
     */
    private void restore(ServerState st) {
        ServerStateKeeper.restoreTree(tree, st);
        long now = ctx.runtime().clock().millis();
        for (var r : st.receivers()) {
            Member m = new Member(r.id(), r.emcon());
            m.leaf = r.leaf();
            m.leafVersion = r.leafVersion();
            members.put(m.id, m);
            Member provisioned = pendingJoins.get(m.id);
            boolean keep = provisioned == null ? !m.emcon && policy.credentials().verifyKey(m.id) != null
                    && !excluded(m.id) && policy.serves(m.id) && !m.id.equals(ctx.runtime().self())
                    : m.emcon && Arrays.equals(provisioned.pendingKey, r.leafKey());
            if (m.emcon) {
                emcon.leaves.add(m.leaf);
            } else {
                leases.restore(m.id, now, r.refreshCounter());
            }
            if (keep && provisioned != null) {
                pendingJoins.remove(m.id);
            } else if (!keep) {
                pendingLeaves.add(m.id); // before its provisioned join, if any: the batch applies leaves first
            }
        }
        seq = st.seqReserved();
        epoch = st.epoch();
        restoredAt = now;
        if (!pendingLeaves.isEmpty()) {
            ctx.membershipChanged();
        }
    }

    private void joinEmcon(MemberId id, byte[] individualKey) {
        Member m = new Member(id, true);
        m.pendingKey = Registration.leafKey(policy.group(), id, individualKey);
        pendingJoins.put(m.id, m);
    }

    /** This server's tree as its {@link BackupService} sees it. */
    private final class BackupTree implements BackupService.Tree {
        @Override
        public boolean admissible(MemberId r) {
            return !excluded(r) && !evicted.contains(r);
        }

        @Override
        public boolean holds(MemberId r) {
            return (members.containsKey(r) && !pendingLeaves.contains(r)) || pendingJoins.containsKey(r);
        }

        @Override
        public void joinEmcon(MemberId r, byte[] individualKey) {
            pendingLeaves.remove(r);
            if (!members.containsKey(r)) {
                LkhServer.this.joinEmcon(r, individualKey);
            }
        }

        @Override
        public void leave(MemberId r) {
            if (pendingJoins.remove(r) == null && members.containsKey(r)) {
                leases.end(r);
                pendingLeaves.add(r);
            }
        }

        @Override
        public void changed() {
            ctx.membershipChanged();
        }
    }

    @Override
    public void sendersAgreed(Set<MemberId> live) {
        if (!closed) {
            backup.sendersAgreed(live);
        }
    }

    @Override
    public void rekey(EpochKey key) {
        if (closed) {
            return;
        }
        if (key.epoch() < epoch) {
            ctx.log("lkh: rekey to older epoch " + key.epoch() + " < " + epoch);
        }
        seq++;
        long now = ctx.runtime().clock().millis();
        if (epochKey != null && key.epoch() > epoch) {
            pastEpochs.addFirst(new PastEpoch(epoch, now, epochKey.clone()));
            while (pastEpochs.size() > MAX_PAST_EPOCHS) {
                pastEpochs.removeLast();
            }
        }
        if (lastAdmitEpoch == Long.MAX_VALUE) {
            lastAdmitEpoch = key.epoch(); // a new (or restored) tree: nothing earlier than its first epoch
        }
        epoch = key.epoch();
        epochKey = key.key();
        List<BatchRekey.Leave> leaves = new ArrayList<>();
        for (MemberId id : pendingLeaves) {
            leases.end(id);
            Member m = members.remove(id);
            if (m != null) {
                leaves.add(new BatchRekey.Leave(m.leaf, m.emcon));
                if (m.emcon) {
                    emcon.leaves.remove(m.leaf);
                }
            }
        }
        pendingLeaves.clear();
        List<Member> joiners = new ArrayList<>(pendingJoins.values());
        pendingJoins.clear();
        List<BatchRekey.Join> joins = new ArrayList<>(joiners.size());
        for (Member m : joiners) {
            joins.add(new BatchRekey.Join(m.pendingKey, m.emcon, m.emcon));
        }
        BatchRekey.Result r = BatchRekey.run(tree, leaves, joins, seq, epochKey, ctx.runtime().random());
        if (!joins.isEmpty()) {
            lastAdmitEpoch = epoch; // the joiners hold the new root: earlier epochs' keys must not reach them
        }
        for (int i = 0; i < joiners.size(); i++) {
            Member m = joiners.get(i);
            Arrays.fill(m.pendingKey, (byte) 0);
            m.pendingKey = null;
            m.leaf = r.slots()[i];
            m.leafVersion = seq;
            members.put(m.id, m);
            if (m.emcon) {
                emcon.leaves.add(m.leaf); // EMCON receivers cannot renew: no lease, they stay until evicted
            } else {
                leases.start(m.id, ctx.runtime().clock().millis());
            }
        }
        installed = null; // snapshot rebuilt on demand: copying n ids at every rekey would make a leave O(n)
        if (keeper.due(r.changed().length > 0 || !joiners.isEmpty() || !leaves.isEmpty(), seq)) {
            List<ServerState.Receiver> rs = new ArrayList<>(members.size());
            for (Member m : members.values()) {
                rs.add(new ServerState.Receiver(m.id, m.emcon, m.leaf, m.leafVersion,
                        leases.counter(m.id), tree.key(Nodes.id(0, m.leaf))));
            }
            keeper.save(tree, seq, epoch, rs);
        }
        ackAfterWrite.forEach(this::ackLeave); // their departure is on disk now: a crash cannot bring them back
        ackAfterWrite.clear();
        List<WrapEntry> all = r.entries();
        List<WrapEntry> past = past();
        if (!past.isEmpty() && !all.isEmpty()) {
            all = new ArrayList<>(all);
            all.addAll(past);
        }
        List<byte[]> bodies = packets(all);
        for (Cancellable c : repeats) {
            c.cancel();
        }
        repeats.clear();
        long bytes = 0;
        int largest = 0;
        for (byte[] b : bodies) {
            bytes += b.length;
            largest = Math.max(largest, b.length);
        }
        multicast(bodies);
        for (int i = 1; i < p.repeat(); i++) {
            repeats.add(ctx.runtime().scheduler().schedule(i * p.repeatMillis(), () -> multicast(bodies)));
        }
        long unicast = 0;
        for (Member m : joiners) {
            if (!m.emcon) {
                unicast += welcome(m);
            }
        }
        if (!emcon.leaves.isEmpty()) {
            emcon.onRekey(r.changed());
        }
        last = new RekeyStats(seq, joiners.size(), leaves.size(), r.nodeWraps(), bodies.size(), bytes, unicast, largest);
    }

    private List<byte[]> packets(List<WrapEntry> entries) {
        List<Packer.Packet> packets = Packer.pack(entries, p.degree(), tree.height(), seq,
                p.maxBody() - LkhCodec.HEADER);
        List<byte[]> out = new ArrayList<>(packets.size());
        for (int i = 0; i < packets.size(); i++) {
            Packer.Packet pk = packets.get(i);
            byte[] b = LkhCodec.encode(new KeyMessage(LkhCodec.REKEY, p.degree(), i, packets.size(), seq, epoch,
                    pk.lo(), pk.hi(), new byte[0], pk.entries()));
            if (b.length > p.maxBody()) {
                ctx.log("lkh: rekey packet of " + b.length + " bytes exceeds " + p.maxBody() + " (path too long)");
                ctx.count("lkh.oversize");
            }
            out.add(b);
        }
        return out;
    }

    private void multicast(List<byte[]> bodies) {
        for (byte[] b : bodies) {
            ctx.send(ctx.toReceivers(), b);
        }
        lastMulticast = ctx.runtime().clock().millis();
    }

    private void onTick() {
        if (closed) {
            return;
        }
        tick = ctx.runtime().scheduler().schedule(p.repairMillis(), this::onTick);
        expireLeases();
        if (epochKey == null) {
            return; // nothing to repair before the first rekey (also of a restored tree: its sequence jumped)
        }
        List<byte[]> bodies = emcon.tick(seq, epoch, epochKey, ctx.runtime().clock().millis());
        if (!bodies.isEmpty()) {
            multicast(bodies);
            ctx.count("lkh.repair.multicast");
        } else if (ctx.runtime().clock().millis() - lastMulticast >= p.heartbeatMillis()) {
            multicast(List.of(LkhCodec.heartbeat(p.degree(), seq, epoch)));
        }
    }

    /** Takes every receiver whose lease ran out out of the tree at the next batch, exactly as a leave. */
    private void expireLeases() {
        if (!leases.enabled()) {
            return;
        }
        boolean changed = false;
        for (MemberId id : leases.expired(ctx.runtime().clock().millis())) {
            if (members.containsKey(id) && pendingLeaves.add(id)) {
                changed = true;
                ctx.count("lkh.lease.expired");
                ctx.log("lkh server: lease of " + id + " expired (no refresh or repair request for "
                        + leases.leaseMillis() / 1000 + " s); removed at the next rekey");
            }
        }
        if (changed) {
            ctx.membershipChanged();
        }
    }

    @Override
    public void onMessage(MemberId from, byte[] body) {
        if (closed) {
            return;
        }
        try {
            switch (LkhCodec.type(body)) {
                case LkhCodec.REGISTER -> onRegister(from, LkhCodec.decodeRegister(body));
                case LkhCodec.LEAVE -> onLeave(from, LkhCodec.decodeLeave(body));
                case LkhCodec.REPAIR_REQ -> onRepair(from, LkhCodec.decodeRepairRequest(body));
                case LkhCodec.REFRESH -> onRefresh(from, LkhCodec.decodeRefresh(body));
                default -> reject("type", from + " sent message type " + (body[0] & 0xff));
            }
        } catch (DecodeException e) {
            reject("decode", from + ": " + e.getMessage());
        }
    }

    /** Tells a leaving receiver its LEAVE was taken (unicast, bound to the registration it names). */
    private void ackLeave(MemberId to, LkhCodec.Leave leave) {
        ctx.send(Destination.unicast(policy.group(), to), LkhCodec.leaveAck(leave.leaf(), leave.leafVersion()));
    }

    private void reject(String reason, String detail) {
        ctx.count("lkh.rejected." + reason);
        ctx.log("lkh server: rejected (" + reason + ") " + detail);
    }

    private boolean excluded(MemberId id) {
        return policy.excluded().contains(id.id());
    }

    private void onRegister(MemberId from, LkhCodec.Register reg) {
        String why = policy.credentials().verifyKey(from) == null ? "no credentials for " + from
                : excluded(from) ? from + " is excluded by policy"
                : from.equals(ctx.runtime().self()) ? "a key server does not serve itself"
                : evicted.contains(from) ? from + " was evicted by its key server" : null;
        if (why != null) {
            ctx.count("lkh.refused");
            ctx.log("lkh server: refused " + from + ": " + why);
            ctx.send(Destination.unicast(policy.group(), from), LkhCodec.refuse(LkhCodec.REFUSED, LkhCodec.REGISTER,
                    LkhCodec.registerBinding(reg.clientPub()), why));
            return;
        }
        Member m = members.get(from);
        if (m != null && !pendingLeaves.contains(from)) {
            // a member that lost our answer (same key) or its state (new key): it held keys all along
            long now = ctx.runtime().clock().millis();
            leases.renew(from, now);
            if (now - m.lastRepair >= p.repairMinMillis()) {
                m.lastRepair = now;
                m.clientPub = reg.clientPub();
                welcome(m);
            } else {
                ctx.count("lkh.repair.ratelimited");
            }
            return;
        }
        Member pending = pendingJoins.get(from);
        if (pending != null) {
            if (!Arrays.equals(pending.clientPub, reg.clientPub())) {
                pending.clientPub = reg.clientPub();
                if (pending.handshake != null) {
                    prepareWelcome(pending);
                }
            }
            return;
        }
        String notHere = backup.refusal(from);
        if (notHere != null) {
            ctx.log("lkh server: refused " + from + ": " + notHere);
            ctx.send(Destination.unicast(policy.group(), from), LkhCodec.refuse(LkhCodec.REFUSED, LkhCodec.REGISTER,
                    LkhCodec.registerBinding(reg.clientPub()), notHere));
            return;
        }
        m = new Member(from, false);
        m.clientPub = reg.clientPub();
        m.pendingKey = ctx.runtime().random().bytes(KeyTree.KEY_LEN);
        prepareWelcome(m);
        pendingJoins.put(from, m);
        ctx.count("lkh.join");
        ctx.membershipChanged();
    }

    /** Sends a member its leaf key under a fresh registration key, its path and the epoch key. */
    private int welcome(Member m) {
        if (m.clientPub == null || epochKey == null) {
            return 0;
        }
        Registration.ServerHalf half;
        if (m.handshake != null && m.handshakeFor == m.clientPub) {
            half = m.handshake.get();
            Arrays.fill(m.ephPriv, (byte) 0);
        } else {
            half = Registration.serverHalf(policy.group(), m.id, ctx.runtime().self(),
                    ctx.runtime().random().bytes(X25519.SCALAR_SIZE), m.clientPub);
        }
        m.handshake = null;
        m.handshakeFor = null;
        m.ephPriv = null;
        byte[] kek = half.kek();
        if (kek == null) {
            reject("x25519", m.id + " registered a low-order X25519 key");
            return 0;
        }
        int leaf = Nodes.id(0, m.leaf);
        List<WrapEntry> entries = new ArrayList<>();
        entries.add(new WrapEntry(WrapEntry.Kind.INDIVIDUAL, leaf, 0, m.leafVersion,
                KeyWrap.wrap(kek, tree.key(leaf))));
        entries.addAll(BatchRekey.chain(tree, m.leaf, epochKey));
        entries.addAll(past());
        byte[] body = LkhCodec.encode(new KeyMessage(LkhCodec.WELCOME, p.degree(), 0, 1, seq, epoch, m.leaf, m.leaf,
                half.pub(), entries));
        unicast(m.id, body);
        return body.length;
    }

    /**
     * Draws a joiner's ephemeral key when its REGISTER comes and starts the server's half of its registration
     * key ({@link CryptoMemo#ahead}: in the simulator on the second core), which its WELCOME needs at the next
     * batch. A new REGISTER key while pending starts it again with the same ephemeral key.
     */
    private void prepareWelcome(Member m) {
        if (m.ephPriv == null) {
            m.ephPriv = ctx.runtime().random().bytes(X25519.SCALAR_SIZE);
        }
        byte[] priv = m.ephPriv;
        byte[] clientPub = m.clientPub;
        MemberId self = ctx.runtime().self();
        m.handshakeFor = clientPub;
        m.handshake = ctx.runtime().cryptoMemo().ahead(
                () -> Registration.serverHalf(policy.group(), m.id, self, priv, clientPub));
    }

    /** Sends a key-carrying answer {@code lkh.repeat} times: a lost answer costs a whole round trip. */
    private void unicast(MemberId to, byte[] body) {
        Destination dst = Destination.unicast(policy.group(), to);
        ctx.send(dst, body);
        for (int i = 1; i < p.repeat(); i++) {
            ctx.runtime().scheduler().schedule(i * p.repeatMillis(), () -> {
                if (!closed) {
                    ctx.send(dst, body);
                }
            });
        }
    }

    private void onLeave(MemberId from, LkhCodec.Leave leave) {
        if (pendingJoins.remove(from) != null) {
            ctx.count("lkh.leave");
            ackLeave(from, leave);
            return;
        }
        Member m = members.get(from);
        if (m == null) {
            long[] gone = recentlyLeft.get(from);
            if (gone != null && gone[0] == leave.leaf() && gone[1] == leave.leafVersion()
                    || restoredAt >= 0 && ctx.runtime().clock().millis() - restoredAt < p.leaveMillis()) {
                // its ack was lost (maybe by the incarnation before a restart): it is still retransmitting
                ctx.count("lkh.leave.reacked");
                ackLeave(from, leave);
            } else {
                reject("stale", "leave from " + from + " for a registration it does not hold");
            }
            return;
        }
        if (leave.leaf() != -1 && (Nodes.id(0, m.leaf) != leave.leaf() || m.leafVersion != leave.leafVersion())) {
            reject("stale", "leave from " + from + " for a registration it does not hold");
            return;
        }
        if (keeper.active()) {
            ackAfterWrite.put(from, leave); // acked once the batch that removes it is on disk
        } else {
            ackLeave(from, leave);
        }
        leases.end(from);
        recentlyLeft.put(from, new long[] {leave.leaf(), leave.leafVersion()});
        if (pendingLeaves.add(from)) {
            ctx.count("lkh.leave");
            ctx.membershipChanged();
        }
    }

    /** @return the member if it holds exactly this registration now, else null */
    private Member holding(MemberId from, int leaf, long leafVersion) {
        Member m = members.get(from);
        return m == null || Nodes.id(0, m.leaf) != leaf || m.leafVersion != leafVersion ? null : m;
    }

    /** REFUSE code 2, bound to the registration the request named: the client registers again. */
    private void refuseUnknown(MemberId from, int answers, int leaf, long leafVersion, String what) {
        reject("unknown", what + " from " + from + " for a registration it does not hold");
        ctx.send(Destination.unicast(policy.group(), from), LkhCodec.refuse(LkhCodec.UNKNOWN, answers,
                LkhCodec.repairBinding(leaf, leafVersion), "not a member"));
    }

    /**
     * Renews the lease of the registration the refresh names, if it is the sender's own current one and the
     * counter is new; answers REFRESH_ACK. A refresh naming another receiver's leaf, an old registration, or one
     * that is leaving (left, evicted, expired) gets REFUSE code 2; a replayed counter gets nothing.
     */
    private void onRefresh(MemberId from, LkhCodec.Refresh f) {
        Member m = holding(from, f.leaf(), f.leafVersion());
        if (m == null || m.emcon || pendingLeaves.contains(from)) {
            refuseUnknown(from, LkhCodec.REFRESH, f.leaf(), f.leafVersion(), "refresh");
            return;
        }
        if (!leases.refresh(from, f.counter(), ctx.runtime().clock().millis())) {
            reject("stale", "refresh " + f.counter() + " from " + from + " is not newer than the last one taken"
                    + (leases.enabled() ? "" : " (no leases: leaseSeconds = 0)"));
            return;
        }
        ctx.count("lkh.lease.renewed");
        ctx.send(Destination.unicast(policy.group(), from), LkhCodec.refreshAck(f.leaf(), f.leafVersion(), f.counter()));
    }

    private void onRepair(MemberId from, LkhCodec.RepairRequest q) {
        Member m = holding(from, q.leaf(), q.leafVersion());
        if (m == null) {
            refuseUnknown(from, LkhCodec.REPAIR_REQ, q.leaf(), q.leafVersion(), "repair request");
            return;
        }
        long now = ctx.runtime().clock().millis();
        leases.renew(from, now); // repair traffic is proof of life too
        if (now - m.lastRepair < p.repairMinMillis()) {
            ctx.count("lkh.repair.ratelimited");
            return;
        }
        if (epochKey == null) {
            ctx.count("lkh.repair.deferred"); // a restored tree before its first rekey: the client asks again
            return;
        }
        m.lastRepair = now;
        ctx.count("lkh.repair.answered");
        List<WrapEntry> entries = new ArrayList<>(BatchRekey.chain(tree, m.leaf, epochKey));
        entries.addAll(past());
        unicast(from, LkhCodec.encode(new KeyMessage(LkhCodec.KEYS, p.degree(), 0, 1, seq, epoch, m.leaf, m.leaf,
                new byte[0], entries)));
    }

    /**
     * The keys of earlier epochs senders may still send under, wrapped under the current root (issue 12): a receiver
     * that missed an epoch's rekey but gets a later one decrypts what senders send under the missed epoch until their
     * next switch, instead of losing it. Only epochs superseded within the activation delay (plus a second), at most
     * {@link #MAX_PAST_EPOCHS}, and none before the newest epoch in which this server admitted a receiver: every holder
     * of the current root was a member in each of them (backward secrecy), and a departed receiver lacks the root
     * (forward secrecy).
     */
    private List<WrapEntry> past() {
        if (pastEpochs.isEmpty() || tree.count(tree.root()) == 0) {
            return List.of();
        }
        long now = ctx.runtime().clock().millis();
        long window = ctx.policy().timing().activationDelayMillis() + 1_000;
        List<WrapEntry> out = new ArrayList<>(pastEpochs.size());
        for (PastEpoch pe : pastEpochs) {
            long delta = epoch - pe.epoch();
            if (pe.epoch() < lastAdmitEpoch || now - pe.supersededAt() > window || delta <= 0 || delta > 0xffffffffL) {
                break; // newest first: the rest are older still
            }
            out.add(BatchRekey.pastEpochEntry(tree, delta, pe.key()));
        }
        return out;
    }

    @Override
    public void evict(MemberId receiver) {
        evicted.add(receiver);
        leases.end(receiver);
        if (pendingJoins.remove(receiver) != null) {
            return;
        }
        if (members.containsKey(receiver) && pendingLeaves.add(receiver)) {
            ctx.count("lkh.evict");
            ctx.membershipChanged();
        }
    }

    @Override
    public Set<MemberId> members() {
        if (installed == null) {
            installed = Collections.unmodifiableSet(new TreeSet<>(members.keySet()));
        }
        return installed;
    }

    @Override
    public void close() {
        closed = true;
        if (tick != null) {
            tick.cancel();
        }
        for (Cancellable c : repeats) {
            c.cancel();
        }
        tree.wipe();
        if (epochKey != null) {
            Arrays.fill(epochKey, (byte) 0);
        }
        for (PastEpoch pe : pastEpochs) {
            Arrays.fill(pe.key(), (byte) 0);
        }
        pastEpochs.clear();
    }

    /**
     * Lifts an eviction: the receiver may register again (an evicted receiver is refused for the lifetime
     * of this session otherwise; the GMF re-applies its group-wide list at every new session).
     *
     * @param receiver the receiver
     */
    @Override
    public void pardon(MemberId receiver) {
        evicted.remove(receiver);
    }

    /** @return cost of the last rekey, or null before the first */
    public RekeyStats lastRekey() {
        return last;
    }

    /** @return the key tree (tests and benchmarks) */
    public KeyTree tree() {
        return tree;
    }

    /**
     * @param receiver a member
     * @return milliseconds since it last renewed its lease, -1 if it has none (EMCON, no leases, not a member)
     */
    public long sinceRenewal(MemberId receiver) {
        return leases.sinceRenewal(receiver, ctx.runtime().clock().millis());
    }

    /** @return the current rekey sequence number */
    public long seq() {
        return seq;
    }
}
