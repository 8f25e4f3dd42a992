package org.miked.simulator.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.miked.api.MemberId;
import org.miked.api.dispatch.TrafficStats;
import org.miked.api.gmf.GmfFactory;
import org.miked.api.gmf.GroupManager;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.api.runtime.RandomSource;
import org.miked.common.crypto.Randoms;
import org.miked.sim.network.Link;
import org.miked.sim.network.LinkModel;
import org.miked.sim.network.SimNetwork;
import org.miked.simulator.Scenario;
import org.miked.simulator.Summary;

/**
 * One run of a scenario: senders join at time 0, initial receivers within the first two seconds, the
 * scenario's joins and leaves at random times in the middle of the run (20% to 60% of it), so the
 * group has time to settle before the end is measured; the scenario's faults (crashes, partitions, silent
 * leaves) are carried out by a {@link FaultInjector}; with {@code dataRatePps} above 0 a {@link DataPlane} sends and
 * judges application packets, told of every receiver's start, drop and departure. Everything random comes from the
 * seed.
 */
public final class ScenarioRun {
    private final Scenario scenario;
    private final SimNetwork network;
    private final GmfFactory factory;
    private final ScenarioPolicies policies;
    private final Map<MemberId, GroupManager> senders = new LinkedHashMap<>();
    private final Map<MemberId, GroupManager> receivers = new LinkedHashMap<>();
    private final List<MemberId> departed = new ArrayList<>();
    private final RandomSource random;
    private final KeyedTimeline timeline = new KeyedTimeline();
    private final Map<MemberId, Long> joinedAt = new HashMap<>();
    private Forger forger;
    private final FaultInjector faults;
    private final DataPlane data;

    /** How long a receiver that left stays attached (the GMF gives a departure at most 65 s). */
    static final long DEPARTURE_MS = 70_000;

    /**
     * The timeline's sampling step (virtual ms): waits are exact to this. Each sample asks every host for its
     * epoch; at one second that was 9% of the paper's hour, at two 4-5%.
     */
    static final long SAMPLE_MS = 2000;

    /**
     * @param scenario a scenario
     * @return its network's links: the scenario's loss, delay and jitter, flipping bits as it says
     */
    public static LinkModel linkModel(Scenario scenario) {
        return new LinkModel(Link.of(scenario.loss(), scenario.delayMs(), scenario.jitterMs())
                .withCorrupt(scenario.bitFlips()));
    }

    public ScenarioRun(Scenario scenario, SimNetwork network, GmfFactory factory) {
        this.scenario = scenario;
        this.network = network;
        this.factory = factory;
        this.policies = new ScenarioPolicies(scenario);
        this.random = Randoms.deterministic(scenario.seed(), "scenario");
        this.data = new DataPlane(scenario, network, senders::get);
        this.faults = new FaultInjector(scenario.faults(), network, policies, new FaultInjector.Hosts() {
            @Override
            public GroupManager drop(MemberId host) {
                joinedAt.remove(host);
                GroupManager gm = senders.remove(host);
                if (gm != null) {
                    return gm;
                }
                gm = receivers.remove(host);
                if (gm != null) {
                    data.dropped(host, gm);
                }
                return gm;
            }

            @Override
            public GroupManager start(MemberId host) {
                return policies.senders().contains(host) ? startSender(host) : joinReceiver(host);
            }

            @Override
            public void departed(MemberId receiver) {
                departed.add(receiver);
                data.departed(receiver);
            }
        }, scenario.seed());
    }

    /**
     * @param progress gets about ten progress lines
     * @return the summary at the end of the simulated time
     */
    public Summary run(Consumer<String> progress) {
        long wallStart = System.nanoTime();
        long end = scenario.durationS() * 1000;
        for (MemberId s : policies.senders()) {
            startSender(s);
        }
        data.start(policies.senders(), end);
        for (int i = 1; i <= scenario.receivers(); i++) {
            MemberId r = ScenarioPolicies.receiverId(i);
            network.schedule(random.nextInt(2000), () -> {
                faults.firstJoin(r);
                joinReceiver(r);
            });
        }
        for (int i = 1; i <= scenario.joins(); i++) {
            MemberId r = ScenarioPolicies.receiverId(scenario.receivers() + i);
            network.schedule(churnTime(end), () -> {
                faults.firstJoin(r);
                joinReceiver(r);
            });
        }
        List<MemberId> leavers = pickLeavers();
        for (MemberId r : leavers) {
            network.schedule(churnTime(end), () -> leaveReceiver(r));
        }
        faults.schedule(leavers);
        if (scenario.forgeries() > 0) {
            forger = new Forger(network, policies, scenario.seed());
            forger.start(scenario.forgeries(), 5_000);
        }
        network.schedule(SAMPLE_MS, new Runnable() {
            @Override
            public void run() {
                sampleKeyed();
                network.schedule(SAMPLE_MS, this);
            }
        });
        long step = Math.max(1000, end / 10);
        long events = 0;
        for (long t = step; t < end; t += step) {
            events += network.runUntil(t);
            progress.accept(progressLine(events, System.nanoTime() - wallStart, end));
        }
        events += network.runUntil(end);
        Summary s = summarize((System.nanoTime() - wallStart) / 1e9);
        progress.accept(progressLine(events, System.nanoTime() - wallStart, end));
        // the summary is taken: end every host as a power cut would (their LEAVEs would change nothing now)
        for (GroupManager gm : receivers.values()) {
            gm.abandon();
        }
        for (GroupManager gm : senders.values()) {
            gm.abandon();
        }
        return s;
    }

    /** @return the run's data plane (a test may set its bound before {@link #run}) */
    DataPlane dataPlane() {
        return data;
    }

    private long churnTime(long end) {
        return (long) (end * (0.2 + 0.4 * random.nextDouble()));
    }

    private List<MemberId> pickLeavers() {
        List<MemberId> nonEmcon = new ArrayList<>();
        List<MemberId> emcon = new ArrayList<>();
        for (int i = 1; i <= scenario.receivers(); i++) {
            MemberId r = ScenarioPolicies.receiverId(i);
            (policies.isEmcon(r) ? emcon : nonEmcon).add(r);
        }
        List<MemberId> out = new ArrayList<>();
        while (out.size() < scenario.leaves() && !nonEmcon.isEmpty()) {
            out.add(nonEmcon.remove(random.nextInt(nonEmcon.size())));
        }
        while (out.size() < scenario.leaves() && !emcon.isEmpty()) {
            out.add(emcon.remove(random.nextInt(emcon.size())));
        }
        return out;
    }

    private GroupManager startSender(MemberId s) {
        GroupManager gm = factory.create(network, s);
        senders.put(s, gm);
        gm.join(policies.sender(s));
        return gm;
    }

    private GroupManager joinReceiver(MemberId r) {
        joinedAt.put(r, network.now());
        GroupManager gm = factory.create(network, r);
        receivers.put(r, gm);
        gm.join(policies.receiver(r));
        data.joined(r, gm);
        return gm;
    }

    private void leaveReceiver(MemberId r) {
        if (faults.leaveSilently(r)) {
            return;
        }
        GroupManager gm = receivers.remove(r);
        if (gm == null) {
            return;
        }
        GroupManager server = senders.get(policies.serverOf(r));
        if (policies.isEmcon(r) && server != null) {
            // an EMCON receiver cannot announce its leave: its key server removes it administratively
            server.evict(ScenarioPolicies.GROUP, r);
        }
        data.leaving(r, gm); // before the leave path deletes its MSAs: it keeps them
        gm.leave(ScenarioPolicies.GROUP);
        // like a daemon told to leave: it stays on the network until its leave is acknowledged (the GMF
        // ends the departure by itself), then goes away
        network.schedule(DEPARTURE_MS, gm::close);
        departed.add(r);
        joinedAt.remove(r);
    }

    private void sampleKeyed() {
        long now = network.now();
        for (GroupManager gm : senders.values()) {
            long e = gm.epoch(ScenarioPolicies.GROUP);
            if (e > 0) {
                timeline.epochSeen(e, now);
            }
        }
        for (var e : receivers.entrySet()) {
            timeline.sample(now, e.getKey(), e.getValue().epoch(ScenarioPolicies.GROUP), joinedAt.get(e.getKey()));
        }
    }

    private Optional<GroupStatus> statusOf(GroupManager gm) {
        return gm.status(ScenarioPolicies.GROUP);
    }

    /** @return fingerprint and epoch of the newest key any sender holds */
    private GroupStatus newestSenderStatus() {
        GroupStatus best = null;
        for (GroupManager gm : senders.values()) {
            GroupStatus st = statusOf(gm).orElse(null);
            if (st != null && st.state() == GroupState.KEYED && (best == null || st.epoch() > best.epoch())) {
                best = st;
            }
        }
        return best;
    }

    /**
     * @param events events the network ran so far
     * @param wallNanos wall time since the run started
     * @param end simulated time the run ends at (ms)
     */
    private String progressLine(long events, long wallNanos, long end) {
        GroupStatus cur = newestSenderStatus();
        int keyed = 0;
        for (GroupManager gm : receivers.values()) {
            GroupStatus st = statusOf(gm).orElse(null);
            if (cur != null && st != null && st.keyFingerprint().equals(cur.keyFingerprint())) {
                keyed++;
            }
        }
        TrafficStats t = network.totals();
        return String.format(Locale.ROOT,
                "t=%6.1fs  epoch %3d  receivers keyed %d/%d  messages %d  bytes %d  events %d  wall %s  eta %s",
                network.now() / 1000.0, cur == null ? 0 : cur.epoch(), keyed, receivers.size(), t.messagesSent(),
                t.bytesSent(), events, RunEta.format(wallNanos),
                RunEta.format(RunEta.remainingNanos(wallNanos, network.now(), end)));
    }

    /**
     * @param fp the newest key's fingerprint
     * @param trees each present key server's members
     * @return present receivers holding it that another key server than their own has in its tree, while their own
     *     (crashed, or back without them) does not
     */
    private int servedByBackup(String fp, Map<MemberId, Set<MemberId>> trees) {
        int n = 0;
        for (var e : receivers.entrySet()) {
            MemberId r = e.getKey();
            GroupStatus st = statusOf(e.getValue()).orElse(null);
            if (st == null || fp.isEmpty() || !st.keyFingerprint().equals(fp)) {
                continue;
            }
            MemberId own = policies.serverOf(r);
            Set<MemberId> primary = trees.get(own);
            if (primary != null && primary.contains(r)) {
                continue;
            }
            for (var t : trees.entrySet()) {
                if (!t.getKey().equals(own) && t.getValue().contains(r)) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    private Summary summarize(double wallSeconds) {
        GroupStatus cur = newestSenderStatus();
        String fp = cur == null ? "" : cur.keyFingerprint();
        int sendersKeyed = 0;
        long runs = 0;
        for (GroupManager gm : senders.values()) {
            GroupStatus st = statusOf(gm).orElse(null);
            if (st != null && !fp.isEmpty() && st.keyFingerprint().equals(fp)) {
                sendersKeyed++;
            }
            if (st != null) {
                runs = Math.max(runs, st.counters().getOrDefault("agreement.runs", 0L));
            }
        }
        int keyed = 0;
        int emcon = 0;
        int emconKeyed = 0;
        Map<String, Integer> notKeyedStates = new HashMap<>();
        for (var e : receivers.entrySet()) {
            GroupStatus st = statusOf(e.getValue()).orElse(null);
            boolean ok = st != null && !fp.isEmpty() && st.keyFingerprint().equals(fp);
            boolean isEmcon = policies.isEmcon(e.getKey());
            if (ok) {
                keyed++;
            } else if (st != null) {
                notKeyedStates.merge(st.state() + " epoch " + st.epoch(), 1, Integer::sum);
            }
            if (isEmcon) {
                emcon++;
                if (ok) {
                    emconKeyed++;
                }
            }
        }
        // each key server's members once: a GroupManager builds a new set per call (4,000 members per server at
        // 100,000 receivers; asked per receiver, the summary took minutes after the run)
        Map<MemberId, Set<MemberId>> trees = new HashMap<>();
        senders.forEach((id, gm) -> trees.put(id, gm.members(ScenarioPolicies.GROUP)));
        int stillServed = 0;
        for (MemberId d : departed) {
            // by its own key server or by a backup (failover)
            for (Set<MemberId> tree : trees.values()) {
                if (tree.contains(d)) {
                    stillServed++;
                    break;
                }
            }
        }
        int byBackup = servedByBackup(fp, trees);
        long rejected = 0;
        for (GroupManager gm : senders.values()) {
            rejected += statusOf(gm).map(st -> st.counters().getOrDefault("rejected.auth", 0L)).orElse(0L);
        }
        long receivedBytes = 0;
        for (var e : receivers.entrySet()) {
            rejected += statusOf(e.getValue()).map(st -> st.counters().getOrDefault("rejected.auth", 0L)).orElse(0L);
            receivedBytes += network.hostStats(e.getKey()).bytesReceived();
        }
        double hours = network.now() / 3_600_000.0;
        long perReceiverHour = receivers.isEmpty() || hours == 0 ? 0
                : Math.round(receivedBytes / (double) receivers.size() / hours);
        String who = timeline.longestWho() == null ? "-" : String.format(Locale.ROOT, "%s from t=%.0fs",
                timeline.longestWho(), timeline.longestFromMs() / 1000.0);
        TrafficStats t = network.totals();
        return new Summary(scenario.name(), senders.size(), receivers.size(), keyed, emcon, emconKeyed,
                departed.size(), stillServed, sendersKeyed, cur == null ? 0 : cur.epoch(), runs, t.messagesSent(), t.bytesSent(),
                t.deliveries(), t.dropped(), t.emconPacketsSent(), fp, network.now() / 1000.0,
                Math.round(wallSeconds * 10) / 10.0, timeline.longestMs() / 1000.0, who, perReceiverHour, rejected,
                network.corrupted(), forger == null ? 0 : forger.forged(),
                byBackup, timeline.longestAfterFirstKeyMs() / 1000.0,
                faults.registrationsAfterRestart(), faults.crashes(), faults.restarts(), faults.departedSilently(),
                faults.partitionDrops(), data.sent(), data.noSa(), data.sent() * scenario.dataBytes(), data.delivered(),
                data.decrypted(), data.keyLoss(), data.keyLossRatio(), data.departedDecrypted(),
                data.joinerDecryptedEarlier());
    }
}
