package org.miked.simulator.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.miked.api.MemberId;
import org.miked.api.gmf.GroupManager;
import org.miked.api.runtime.RandomSource;
import org.miked.common.crypto.Randoms;
import org.miked.sim.network.DropReason;
import org.miked.sim.network.SimNetwork;
import org.miked.simulator.Crash;
import org.miked.simulator.Faults;
import org.miked.simulator.Partition;

/**
 * Carries out a scenario's {@link Faults} on one run and counts what they did: crashes (the host's port
 * closes, its GMF is abandoned without its leave path, only its state store survives) and restarts (a new
 * GMF, a new incarnation, from its policy), partitions (cuts in the link model), and which of the run's
 * leaves are silent. A run without faults schedules nothing and draws no random number here.
 */
final class FaultInjector {
    /** The run's hosts, as the injector needs them. */
    interface Hosts {
        /**
         * @param host a host
         * @return its running GMF, now forgotten by the run (no longer present), or null if it is not running
         */
        GroupManager drop(MemberId host);

        /**
         * @param host starts it again: a new GMF (a new incarnation) that joins the group from its policy
         * @return that GMF
         */
        GroupManager start(MemberId host);

        /** @param receiver gone for good without a LEAVE */
        void departed(MemberId receiver);
    }

    /** The key-server counter of new registrations admitted (LkhServer). */
    static final String JOINS = "lkh.join";

    private final Faults faults;
    private final SimNetwork network;
    private final Hosts hosts;
    private final Set<MemberId> senders;
    private final ScenarioPolicies policies;
    /** Per key server that crashed, the scenario's first joins of its receivers since its first crash. */
    private final Map<MemberId, Long> firstJoinsAfterCrash = new HashMap<>();
    private final Set<MemberId> crashedServers = new HashSet<>();
    private final Set<MemberId> restartedServersEver = new HashSet<>();
    private final long seed;
    /** Crashed hosts whose restart is still to come. */
    private final Set<MemberId> down = new HashSet<>();
    private final Set<MemberId> silent = new HashSet<>();
    /** Restarted senders' current GMFs: their registrations count as after a restart. */
    private final Map<MemberId, GroupManager> restartedServers = new HashMap<>();
    private long registrationsOfEarlierIncarnations;
    private int crashes;
    private int restarts;
    private int departedSilently;

    FaultInjector(Faults faults, SimNetwork network, ScenarioPolicies policies, Hosts hosts, long seed) {
        this.faults = faults;
        this.network = network;
        this.hosts = hosts;
        this.senders = Set.copyOf(policies.senders());
        this.policies = policies;
        this.seed = seed;
    }

    /**
     * Puts the partitions into the link model and the crashes on the clock; call at time 0.
     *
     * @param leavers the run's leaves, in their order; {@link Faults#silentLeaves()} of them (rounded) are
     *     picked from the seed's own stream to vanish without a LEAVE
     */
    void schedule(List<MemberId> leavers) {
        for (Partition p : faults.partitions()) {
            Set<MemberId> island = new LinkedHashSet<>();
            p.hosts().forEach(h -> island.add(MemberId.of(h)));
            network.links().isolate(p.fromMs(), p.untilMs(), island);
        }
        for (Crash c : faults.crashes()) {
            MemberId h = MemberId.of(c.host());
            network.schedule(c.atMs(), () -> crash(h, c));
        }
        int n = (int) Math.round(faults.silentLeaves() * leavers.size());
        if (n > 0) {
            RandomSource r = Randoms.deterministic(seed, "silent-leaves");
            List<MemberId> pool = new ArrayList<>(leavers);
            for (int i = 0; i < n; i++) {
                silent.add(pool.remove(r.nextInt(pool.size())));
            }
        }
    }

    private void crash(MemberId h, Crash c) {
        GroupManager gm = hosts.drop(h);
        if (gm == null) {
            return; // not running at that moment (a receiver not joined yet, or departed): nothing to cut
        }
        GroupManager restarted = restartedServers.remove(h);
        if (restarted != null) {
            registrationsOfEarlierIncarnations += joins(restarted);
        }
        network.crash(h); // the port first: nothing the GMF does on its way out reaches the network
        gm.abandon(); // its timers, sinks and registry listener go with it, as its memory would
        crashes++;
        if (senders.contains(h)) {
            crashedServers.add(h);
        }
        if (c.restartAtMs() < 0) {
            if (!senders.contains(h)) {
                hosts.departed(h);
                departedSilently++;
            }
            return;
        }
        down.add(h);
        network.schedule(c.restartAtMs() - c.atMs(), () -> restart(h));
    }

    private void restart(MemberId h) {
        if (!down.remove(h)) {
            return; // it left while it was down
        }
        GroupManager gm = hosts.start(h);
        if (senders.contains(h)) {
            restartedServers.put(h, gm); // its registrations count from now on
            restartedServersEver.add(h);
        }
        restarts++;
    }

    /**
     * @param receiver one of the run's leavers, at its leave time
     * @return true if its leave is silent: it vanished (crashed for good, no LEAVE, no eviction)
     */
    boolean leaveSilently(MemberId receiver) {
        if (down.remove(receiver)) {
            // its leave came while it was down: it never comes back, and said nothing
            hosts.departed(receiver);
            departedSilently++;
            return true;
        }
        if (!silent.contains(receiver)) {
            return false;
        }
        GroupManager gm = hosts.drop(receiver);
        if (gm != null) {
            network.crash(receiver);
            gm.abandon();
            hosts.departed(receiver);
            departedSilently++;
        }
        return true;
    }

    /**
     * @param receiver a receiver that joins the group for the first time in the run (not a restart): if its key
     *     server crashed before (it is down, or a restarted incarnation), its registration with a later
     *     incarnation is new, not a registration again
     */
    void firstJoin(MemberId receiver) {
        MemberId server = policies.serverOf(receiver);
        if (crashedServers.contains(server)) {
            firstJoinsAfterCrash.merge(server, 1L, Long::sum);
        }
    }

    private static long joins(GroupManager gm) {
        return gm.status(ScenarioPolicies.GROUP).map(st -> st.counters().getOrDefault(JOINS, 0L)).orElse(0L);
    }

    /** @return crashes carried out (a crash of a host that was not running is skipped) */
    int crashes() {
        return crashes;
    }

    /** @return restarts carried out */
    int restarts() {
        return restarts;
    }

    /** @return receivers gone without a LEAVE: silent leaves, crashes without restart, leaves while down */
    int departedSilently() {
        return departedSilently;
    }

    /**
     * @return new registrations ({@value #JOINS}) admitted by key servers in an incarnation after a restart,
     *     summed over those incarnations, less the scenario's first joins to them (a receiver that never was a
     *     member): receivers that register again
     */
    long registrationsAfterRestart() {
        long n = registrationsOfEarlierIncarnations;
        for (GroupManager gm : restartedServers.values()) {
            n += joins(gm);
        }
        long first = 0;
        for (MemberId s : restartedServersEver) {
            first += firstJoinsAfterCrash.getOrDefault(s, 0L);
        }
        return Math.max(0, n - first);
    }

    /** @return datagram copies dropped by partitions */
    long partitionDrops() {
        return network.drops().getOrDefault(DropReason.PARTITION, 0L);
    }
}
