package org.miked.simulator.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import org.miked.api.MemberId;
import org.miked.api.gmf.GroupManager;
import org.miked.api.sa.Direction;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaId;
import org.miked.common.crypto.Randoms;
import org.miked.sim.network.Link;
import org.miked.sim.network.LinkModel;
import org.miked.sim.network.SimNetwork;
import org.miked.simulator.Scenario;

/**
 * The simulator's data plane: emits the application packets of every present sender and judges, when a copy
 * reaches a receiver, whether that receiver decrypts it (docs/data-plane.md). It never touches the key
 * management: it sends nothing through the network, only reads the hosts' state (their sinks' MSAs, epochs and
 * trees) and puts its own scenario events on the clock, and it draws from its own random stream, so a run with
 * it on sends the same key-management messages as one with it off.
 *
 * <p>A sender emits {@code dataRatePps} packets a second from a phase of its own; a packet carries the SPI and the
 * keys of the MSA {@code GroupManager.sending} names at that moment (none: {@code dataNoSa}, not sent). Each present
 * receiver gets a copy unless the sender or it is down, a partition separates them at send time or the link
 * loses it; the copy arrives after the link's delay and jitter (one scenario event per packet and arrival
 * millisecond, holding every receiver the copy reaches then). On arrival the receiver decrypts it iff its sink
 * holds, under the packet's SPI, an inbound MSA whose encryption and integrity keys are byte for byte the ones
 * the packet was sent with ({@link KeyBook}).
 *
 * <p>Owed: a receiver is owed the packets whose epoch is at least the first epoch it held (found the first time
 * a copy reaches it holding a key). Only owed copies count as delivered ({@code dataDelivered}); they are either
 * decrypted or lost to key changes ({@code dataKeyLoss}). Departed receivers are judged by the
 * {@link DepartedAdversary}; joiners by the epochs they held against the packets of those epochs sent before
 * they first joined ({@link EpochSendLog}).
 *
 * <p>Not modelled: duplicated and bit-flipped data copies (the key traffic's links flip bits; a data copy is
 * judged on its keys only).
 */
final class DataPlane {
    /** One receiver, across its incarnations. */
    private static final class Receiver {
        final MemberId id;
        GroupManager gm;
        boolean present;
        /** Place in {@link #present}, or -1. */
        int slot = -1;
        /** The first epoch it held (0: not keyed yet). */
        long firstEpoch;
        final long firstJoinMs;
        /** Epochs it held: found at its first key and in the MSAs it decrypted with. */
        final Set<Long> held = new HashSet<>();
        long lastHeld;
        /** The epochs of the MSAs it held when it was last taken off the network (a crash, a silent leave). */
        long[] droppedWith = new long[0];

        Receiver(MemberId id, long joinMs) {
            this.id = id;
            this.firstJoinMs = joinMs;
        }

        void hold(long epoch) {
            if (epoch != lastHeld) {
                held.add(epoch);
                lastHeld = epoch;
            }
        }
    }

    /** One application packet as the receivers judge it. */
    private record Packet(SaId id, long epoch, KeyBook.Keys keys) {
    }

    /** The copies of one packet that arrive in one millisecond. */
    private final class Arrival implements Runnable {
        final Packet packet;
        Receiver[] to = new Receiver[16];
        int n;

        Arrival(Packet packet) {
            this.packet = packet;
        }

        void add(Receiver r) {
            if (n == to.length) {
                to = Arrays.copyOf(to, n * 2);
            }
            to[n++] = r;
        }

        @Override
        public void run() {
            for (int i = 0; i < n; i++) {
                judge(to[i], packet);
            }
        }
    }

    /** Widest jitter whose arrival buckets are kept in an array (else a sorted map). */
    static final long MAX_SLOTS = 4096;

    private final Scenario scenario;
    private final SimNetwork network;
    private final Function<MemberId, GroupManager> senders;
    private final boolean on;
    private final SplittableRandom random;
    private final KeyBook keyBook = new KeyBook();
    private final EpochSendLog log = new EpochSendLog();
    private final DepartedAdversary adversary;
    private final Map<MemberId, Receiver> receivers = new HashMap<>();
    private final List<Receiver> present = new ArrayList<>();
    private List<MemberId> senderIds = List.of();
    private long boundMs;
    private long sent;
    private long noSa;
    private long delivered;
    private long decrypted;
    private long keyLoss;
    private long notOwed;
    private long copies;

    /**
     * @param scenario the scenario (its {@code dataRatePps} 0: every method does nothing)
     * @param network the run's network
     * @param senders a present sender's GMF by id, or null
     */
    DataPlane(Scenario scenario, SimNetwork network, Function<MemberId, GroupManager> senders) {
        this.scenario = scenario;
        this.network = network;
        this.senders = senders;
        this.on = scenario.dataRatePps() > 0;
        // a stream of its own: the key management's draws stay what they are; the counter-mode SHA-256 stream
        // seeds a fast generator (a draw per copy, 100 million copies in a large run)
        this.random = new SplittableRandom(Randoms.deterministic(scenario.seed(), "data").nextLong());
        this.adversary = new DepartedAdversary(senders);
        this.boundMs = scenario.timing().activationDelayMillis();
    }

    /**
     * @param ms the bound B: a departed receiver's packets count from this long after its departure was processed
     *     (the scenario's activation delay unless a test sets another)
     */
    void departureBound(long ms) {
        this.boundMs = ms;
    }

    /**
     * Puts every sender's first packet on the clock; call at time 0.
     *
     * @param ids every sender of the scenario
     * @param endMs the run's end: packets are sent before it
     */
    void start(List<MemberId> ids, long endMs) {
        if (!on) {
            return;
        }
        senderIds = List.copyOf(ids);
        long period = Math.max(1, 1000 / scenario.dataRatePps());
        for (MemberId s : senderIds) {
            long phase = random.nextLong(period);
            network.schedule(phase, new Runnable() {
                long k;

                @Override
                public void run() {
                    tick(s);
                    k++;
                    long next = phase + k * 1000 / scenario.dataRatePps();
                    if (next < endMs) {
                        network.schedule(next - network.now(), this);
                    }
                }
            });
        }
    }

    /**
     * @param r a receiver that started (its first join, or a restart)
     * @param gm its GMF
     */
    void joined(MemberId r, GroupManager gm) {
        if (!on) {
            return;
        }
        Receiver rs = receivers.computeIfAbsent(r, id -> new Receiver(id, network.now()));
        rs.gm = gm;
        if (!rs.present) {
            rs.present = true;
            rs.slot = present.size();
            present.add(rs);
        }
    }

    /**
     * @param r a receiver taken off the network (a crash, a silent leave), before its GMF is abandoned
     * @param gm its GMF: the MSAs it holds now are what it keeps if it never comes back
     */
    void dropped(MemberId r, GroupManager gm) {
        if (!on) {
            return;
        }
        Receiver rs = receivers.get(r);
        if (rs == null) {
            return;
        }
        rs.droppedWith = epochsOf(gm.msas(ScenarioPolicies.GROUP));
        remove(rs);
    }

    /**
     * @param r a receiver that leaves now, before its leave path deletes its MSAs
     * @param gm its GMF
     */
    void leaving(MemberId r, GroupManager gm) {
        dropped(r, gm);
        departed(r);
    }

    /** @param r a receiver gone for good (after {@link #dropped} or {@link #leaving}): now an adversary */
    void departed(MemberId r) {
        if (!on) {
            return;
        }
        Receiver rs = receivers.get(r);
        if (rs == null) {
            return;
        }
        long first = rs.firstEpoch;
        long highest = 0;
        for (long e : rs.held) {
            highest = Math.max(highest, e);
            first = first == 0 ? e : Math.min(first, e);
        }
        for (long e : rs.droppedWith) {
            highest = Math.max(highest, e);
            first = first == 0 ? e : Math.min(first, e);
        }
        highest = Math.max(highest, first);
        if (first > 0) {
            adversary.departed(r, first, highest, senderIds, network.now());
        }
    }

    private void remove(Receiver rs) {
        if (!rs.present) {
            return;
        }
        rs.present = false;
        Receiver last = present.remove(present.size() - 1);
        if (last != rs) {
            present.set(rs.slot, last);
            last.slot = rs.slot;
        }
        rs.slot = -1;
    }

    private static long[] epochsOf(List<Msa> msas) {
        long[] out = new long[msas.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = msas.get(i).epoch();
        }
        return out;
    }

    private void tick(MemberId s) {
        GroupManager gm = senders.apply(s);
        long now = network.now();
        adversary.poll(s, gm, now);
        if (gm == null) {
            return; // not running (crashed): its application sends nothing
        }
        Msa out = gm.sending(ScenarioPolicies.GROUP).orElse(null);
        if (out == null) {
            noSa++;
            return;
        }
        sent++;
        Packet p = new Packet(out.id(), out.epoch(), keyBook.of(out));
        log.add(p.epoch(), now);
        if (network.isDown(s)) {
            return;
        }
        LinkModel links = network.links();
        Link uniform = links.uniformLink();
        boolean partitions = links.hasPartitions();
        // one bucket per arrival millisecond: by delay offset on a uniform link (jitter + 1 of them), else by delay
        Arrival[] byOffset = uniform != null && uniform.jitterMillis() < MAX_SLOTS
                ? new Arrival[(int) uniform.jitterMillis() + 1] : null;
        TreeMap<Long, Arrival> byDelay = byOffset == null ? new TreeMap<>() : null;
        for (int i = 0, n = present.size(); i < n; i++) {
            Receiver r = present.get(i);
            if (partitions && links.partitioned(s, r.id, now)) {
                continue;
            }
            Link link = uniform != null ? uniform : links.linkFor(s, r.id);
            if (link.loss() > 0 && random.nextDouble() < link.loss()) {
                continue;
            }
            long jitter = link.jitterMillis() > 0 ? random.nextLong(link.jitterMillis() + 1) : 0;
            Arrival a;
            if (byOffset != null) {
                a = byOffset[(int) jitter];
                if (a == null) {
                    a = byOffset[(int) jitter] = new Arrival(p);
                }
            } else {
                a = byDelay.computeIfAbsent(link.delayMillis() + jitter, d -> new Arrival(p));
            }
            a.add(r);
            copies++;
        }
        if (byOffset != null) {
            for (int j = 0; j < byOffset.length; j++) {
                if (byOffset[j] != null) {
                    network.schedule(uniform.delayMillis() + j, byOffset[j]);
                }
            }
        } else {
            for (var e : byDelay.entrySet()) {
                network.schedule(e.getKey(), e.getValue());
            }
        }
    }

    private void judge(Receiver r, Packet p) {
        if (!r.present || network.isDown(r.id)) {
            return; // gone (left, crashed) or off the network since the packet was sent
        }
        GroupManager gm = r.gm;
        if (r.firstEpoch == 0) {
            long e = gm.epoch(ScenarioPolicies.GROUP);
            if (e == 0) {
                notOwed++; // before its first key: join latency, not data lost to a key change
                return;
            }
            r.firstEpoch = e;
            for (long held : epochsOf(gm.msas(ScenarioPolicies.GROUP))) {
                r.hold(held);
            }
        }
        Msa m = gm.installed(ScenarioPolicies.GROUP, p.id()).orElse(null);
        boolean ok = m != null && m.direction() == Direction.INBOUND && keyBook.of(m) == p.keys();
        if (ok) {
            r.hold(m.epoch());
        }
        if (p.epoch() < r.firstEpoch) {
            notOwed++;
            return;
        }
        delivered++;
        if (ok) {
            decrypted++;
        } else {
            keyLoss++;
        }
    }

    /** @return packets sent */
    long sent() {
        return sent;
    }

    /** @return packets a present sender could not send for want of an outbound MSA */
    long noSa() {
        return noSa;
    }

    /** @return copies that reached a present receiver owed them */
    long delivered() {
        return delivered;
    }

    /** @return of those, the copies decrypted */
    long decrypted() {
        return decrypted;
    }

    /** @return of those, the copies not decrypted */
    long keyLoss() {
        return keyLoss;
    }

    /** @return copies that reached a present receiver not owed them (before its first key, or an older epoch) */
    long notOwed() {
        return notOwed;
    }

    /** @return copies put on the clock (survived loss and partitions at send time) */
    long copies() {
        return copies;
    }

    /** @return {@code keyLoss / delivered}, 0 when nothing was delivered */
    double keyLossRatio() {
        return delivered == 0 ? 0 : keyLoss / (double) delivered;
    }

    /** @return departed receivers whose departure was processed */
    int departuresProcessed() {
        return adversary.processed();
    }

    /** @return (departed, packet) pairs it could decrypt, sent more than the bound after it was processed */
    long departedDecrypted() {
        return departedDecrypted(boundMs);
    }

    /**
     * @param bound another bound B (ms)
     * @return {@link #departedDecrypted()} with that bound
     */
    long departedDecrypted(long bound) {
        return on ? adversary.decrypted(log, bound) : 0;
    }

    /** @return (receiver, packet) pairs of a packet sent before it first joined that it could decrypt */
    long joinerDecryptedEarlier() {
        long n = 0;
        for (Receiver r : receivers.values()) {
            Set<Long> epochs = new HashSet<>(r.held);
            for (long e : r.droppedWith) {
                epochs.add(e);
            }
            for (long e : epochs) {
                n += log.countBefore(e, r.firstJoinMs);
            }
        }
        return n;
    }
}
