package org.miked.sim.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.dispatch.TrafficStats;
import org.miked.api.policy.GroupPolicy;
import org.miked.common.crypto.Randoms;
import org.miked.testkit.TestPolicies;
import org.junit.jupiter.api.Test;

class SimNetworkTest {
    static final GroupId G = GroupId.of("trial");
    static final MemberId S1 = TestPolicies.senderId(1);
    static final MemberId S2 = TestPolicies.senderId(2);
    static final MemberId S3 = TestPolicies.senderId(3);
    static final MemberId R1 = TestPolicies.receiverId(1);
    static final MemberId R2 = TestPolicies.receiverId(2);
    static final MemberId R3 = TestPolicies.receiverId(3);

    /** A shared channel: every multicast reaches every host of its audience (the tests below the first two). */
    final TestPolicies policies = new TestPolicies("trial", 3, 7).perServerRekey(false);

    /** Records what each host got: "from:payload". */
    final Map<MemberId, List<String>> inbox = new TreeMap<>();

    HostPort host(SimNetwork net, MemberId id, GroupPolicy policy) {
        HostPort p = net.attach(id, (from, payload) ->
                inbox.computeIfAbsent(id, k -> new ArrayList<>()).add(from + ":" + new String(payload)));
        if (policy != null) {
            p.openGroup(GroupChannel.of(policy));
        }
        return p;
    }

    Map<MemberId, HostPort> group(SimNetwork net) {
        return group(net, policies, S1, S1, S1);
    }

    /** Three senders and R1..R3 served by the given key servers. */
    Map<MemberId, HostPort> group(SimNetwork net, TestPolicies pol, MemberId... servers) {
        Map<MemberId, HostPort> ports = new TreeMap<>();
        for (MemberId s : List.of(S1, S2, S3)) {
            ports.put(s, host(net, s, pol.sender(s)));
        }
        List<MemberId> rs = List.of(R1, R2, R3);
        for (int i = 0; i < rs.size(); i++) {
            ports.put(rs.get(i), host(net, rs.get(i), pol.receiver(rs.get(i), servers[i], false)));
        }
        return ports;
    }

    static GroupPolicy excluding(GroupPolicy p, List<String> rules) {
        return new GroupPolicy(p.group(), p.role(), p.dataAddress(), p.dataPort(), p.controlAddress(), p.controlPort(),
                p.rekeyAddresses(), p.senders(), p.keyServer(), p.agreement(), p.distribution(), p.auth(), p.rekeyAuth(), p.saSink(),
                p.params(), p.suite(), p.softLifetimeS(), p.hardLifetimeS(), p.rekeyBatchMillis(),
                p.agreementIntervalS(), p.emcon(), rules, p.credentials());
    }

    static byte[] b(String s) {
        return s.getBytes();
    }

    /** Regression: an event that schedules another event and then attaches a host kept the lock released. */
    @Test
    void eventsMayScheduleAndAttachFromInsideTheLoop() {
        SimNetwork net = new SimNetwork(1, LinkModel.perfect());
        List<String> seen = new ArrayList<>();
        net.schedule(10, () -> {
            net.schedule(5, () -> seen.add("inner@" + net.now()));
            net.attach(MemberId.of("late"), (from, payload) -> { });
            seen.add("outer@" + net.now());
        });
        assertThat(net.runUntilIdle(1_000)).isTrue();
        assertThat(seen).containsExactly("outer@10", "inner@15");
        assertThat(net.hostCount()).isEqualTo(1);
    }

    @Test
    void multicastReachesExactlyTheAudienceAndNeverTheSender() {
        SimNetwork net = new SimNetwork(1, LinkModel.perfect());
        Map<MemberId, HostPort> ports = group(net, policies, S1, S1, S1);

        assertThat(ports.get(S1).send(Destination.multicast(G, Audience.SENDERS), b("a"))).isTrue();
        assertThat(ports.get(S2).send(Destination.multicast(G, Audience.RECEIVERS), b("b"))).isTrue();
        assertThat(ports.get(R2).send(Destination.multicast(G, Audience.ALL), b("c"))).isTrue();
        net.runUntilIdle(1_000);

        assertThat(inbox.get(S1)).containsExactly("r00002:c");
        assertThat(inbox.get(S2)).containsExactly("s01:a", "r00002:c");
        assertThat(inbox.get(S3)).containsExactly("s01:a", "r00002:c");
        assertThat(inbox.get(R1)).containsExactly("s02:b", "r00002:c");
        assertThat(inbox.get(R2)).containsExactly("s02:b");
        assertThat(inbox.get(R3)).containsExactly("s02:b", "r00002:c");

        TrafficStats st = net.stats();
        assertThat(st.messagesSent()).isEqualTo(3);
        assertThat(st.deliveries()).isEqualTo(2 + 3 + 5);
        assertThat(st.dropped()).isZero();
        assertThat(st.perHost().get(R2)).isEqualTo(new TrafficStats.HostTraffic(1, 1, 1, 1));
        assertThat(st.perHost().get(S2)).isEqualTo(new TrafficStats.HostTraffic(1, 1, 2, 2));
        assertThat(net.name()).isEqualTo("sim");
    }

    @Test
    void perServerChannelsCarryAKeyServersRekeysToItsReceiversOnly() {
        SimNetwork net = new SimNetwork(1, LinkModel.perfect());
        Map<MemberId, HostPort> ports = group(net, new TestPolicies("trial", 3, 7), S1, S2, S2);

        assertThat(ports.get(S1).send(Destination.multicast(G, Audience.SENDERS), b("a"))).isTrue();
        assertThat(ports.get(S2).send(Destination.multicast(G, Audience.RECEIVERS), b("b"))).isTrue();
        assertThat(ports.get(S1).send(Destination.multicast(G, Audience.RECEIVERS), b("c"))).isTrue();
        assertThat(ports.get(S3).send(Destination.multicast(G, Audience.RECEIVERS), b("d"))).isTrue();
        assertThat(ports.get(S3).send(Destination.multicast(G, Audience.ALL), b("e"))).isTrue();
        net.runUntilIdle(1_000);

        // receivers hear their own key server's channel and nothing of the control address
        assertThat(inbox.get(R1)).containsExactly("s01:c");
        assertThat(inbox.get(R2)).containsExactly("s02:b");
        assertThat(inbox.get(R3)).containsExactly("s02:b");
        // senders hear the control address only
        assertThat(inbox.get(S2)).containsExactly("s01:a", "s03:e");
        assertThat(inbox.get(S3)).containsExactly("s01:a");
        TrafficStats st = net.stats();
        assertThat(st.messagesSent()).isEqualTo(5);
        assertThat(st.deliveries()).isEqualTo(2 + 2 + 1 + 0 + 2);
        assertThat(st.dropped()).isZero();
    }

    @Test
    void aHostThatOpenedNoGroupCannotMulticastForIt() {
        SimNetwork net = new SimNetwork(1, LinkModel.perfect());
        group(net);
        HostPort stranger = host(net, MemberId.of("x"), null);
        assertThat(stranger.send(Destination.multicast(G, Audience.ALL), b("x"))).isFalse();
        net.runUntilIdle(1_000);
        assertThat(inbox).doesNotContainKey(S1);
        assertThat(net.drops()).containsEntry(DropReason.NO_ROUTE, 1L);
    }

    @Test
    void unicastGoesToOneListeningHostOnly() {
        SimNetwork net = new SimNetwork(1, LinkModel.perfect());
        Map<MemberId, HostPort> ports = group(net);
        MemberId idle = MemberId.of("idle");
        host(net, idle, null);

        assertThat(ports.get(R3).send(Destination.unicast(G, S1), b("reg"))).isTrue();
        assertThat(ports.get(R3).send(Destination.unicast(G, idle), b("x"))).isTrue();
        assertThat(ports.get(R3).send(Destination.unicast(G, MemberId.of("nobody")), b("y"))).isFalse();
        net.runUntilIdle(1_000);

        assertThat(inbox).containsOnlyKeys(S1);
        assertThat(inbox.get(S1)).containsExactly("r00003:reg");
        assertThat(net.drops()).containsEntry(DropReason.NOT_LISTENING, 1L).containsEntry(DropReason.NO_ROUTE, 1L);
        assertThat(net.stats().messagesSent()).isEqualTo(2);
    }

    @Test
    void closedGroupAndClosedPortReceiveNothing() {
        SimNetwork net = new SimNetwork(1, LinkModel.perfect());
        Map<MemberId, HostPort> ports = group(net);
        ports.get(R1).closeGroup(G);
        ports.get(R2).close();
        ports.get(S1).send(Destination.multicast(G, Audience.RECEIVERS), b("k"));
        net.runUntilIdle(1_000);
        assertThat(inbox).containsOnlyKeys(R3);
        assertThat(ports.get(R2).send(Destination.multicast(G, Audience.ALL), b("z"))).isFalse();
        // a closed host can come back (restart) under the same id
        HostPort again = host(net, R2, policies.receiver(R2, S1, false));
        ports.get(S1).send(Destination.multicast(G, Audience.RECEIVERS), b("k2"));
        net.runUntilIdle(1_000);
        assertThat(inbox.get(R2)).containsExactly("s01:k2");
        assertThat(again.runtime().self()).isEqualTo(R2);
        assertThatThrownBy(() -> net.attach(R2, (f, p) -> { })).isInstanceOf(IllegalStateException.class);
    }

    /** Issue 11: a crash closes the host's port without a word; the same id attached again is a new incarnation. */
    @Test
    void aCrashedHostGetsNothingAndItsRestartIsANewIncarnationWithTheSameStateStore() throws Exception {
        SimNetwork net = new SimNetwork(1, LinkModel.perfect());
        Map<MemberId, HostPort> ports = group(net);
        ports.get(R2).runtime().stateStore().put("mark", b("7"));
        List<String> fired = new ArrayList<>();
        ports.get(R2).runtime().scheduler().schedule(50, () -> fired.add("timer"));
        assertThat(net.incarnation(R2)).isEqualTo(1);
        assertThat(net.incarnation(MemberId.of("nobody"))).isZero();

        assertThat(net.crash(R2)).isTrue();
        assertThat(net.crash(R2)).as("already down").isFalse();
        long sentBefore = net.stats().messagesSent();
        ports.get(S1).send(Destination.multicast(G, Audience.RECEIVERS), b("k"));
        net.runUntilIdle(1_000);
        assertThat(fired).as("a crashed host's timers die with it").isEmpty();
        assertThat(inbox).containsOnlyKeys(R1, R3);
        assertThat(net.stats().messagesSent()).as("a crash sends nothing").isEqualTo(sentBefore + 1);
        assertThat(ports.get(R2).send(Destination.unicast(G, S1), b("z"))).isFalse();

        HostPort again = host(net, R2, policies.receiver(R2, S1, false));
        assertThat(net.incarnation(R2)).isEqualTo(2);
        assertThat(again.runtime().stateStore().get("mark")).isEqualTo(b("7"));
        ports.get(S1).send(Destination.multicast(G, Audience.RECEIVERS), b("k2"));
        net.runUntilIdle(2_000);
        assertThat(inbox.get(R2)).containsExactly("s01:k2");
    }

    @Test
    void datagramsArriveAfterDelayPlusJitterAndTheSendersBufferIsCopied() {
        SimNetwork net = new SimNetwork(3, LinkModel.of(0, 20, 10));
        List<Long> times = new ArrayList<>();
        HostPort a = net.attach(S1, (f, p) -> { });
        HostPort bp = net.attach(S2, (f, p) -> {
            times.add(net.now());
            assertThat(p).isEqualTo(b("hello"));
        });
        a.openGroup(GroupChannel.of(policies.sender(S1)));
        bp.openGroup(GroupChannel.of(policies.sender(S2)));
        byte[] payload = b("hello");
        for (int i = 0; i < 200; i++) {
            a.send(Destination.unicast(G, S2), payload);
        }
        payload[0] = 'X'; // the sender may reuse its buffer once send returns
        net.runUntilIdle(10_000);
        assertThat(times).hasSize(200).allMatch(t -> t >= 20 && t <= 30);
        assertThat(times.stream().distinct().count()).isGreaterThan(5);
    }

    /** Every receiver of a multicast gets the same array: a handler that changes it fails the run (tests run with -ea). */
    @Test
    void aHandlerThatChangesADatagramFailsAtOnceWithAssertionsOn() {
        SimNetwork net = new SimNetwork(3, LinkModel.of(0, 20, 10));
        HostPort a = net.attach(S1, (f, p) -> { });
        HostPort bp = net.attach(S2, (f, p) -> p[0] = 'X');
        a.openGroup(GroupChannel.of(policies.sender(S1)));
        bp.openGroup(GroupChannel.of(policies.sender(S2)));
        a.send(Destination.unicast(G, S2), b("hello"));
        assertThatThrownBy(() -> net.runUntilIdle(10_000)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("the handler of s02 changed a datagram it was given");
    }

    @Test
    void lossRateMatchesTheModel() {
        SimNetwork net = new SimNetwork(11, LinkModel.of(0.3, 5, 5));
        HostPort s = net.attach(S1, (f, p) -> { });
        s.openGroup(GroupChannel.of(policies.sender(S1)));
        GroupPolicy rp = policies.receiver(R1, S1, false);
        for (int i = 1; i <= 100; i++) {
            net.attach(TestPolicies.receiverId(i), (f, p) -> { }).openGroup(GroupChannel.of(rp));
        }
        for (int i = 0; i < 100; i++) {
            s.send(Destination.multicast(G, Audience.RECEIVERS), new byte[10]);
        }
        net.runUntilIdle(100_000);
        TrafficStats st = net.stats();
        double delivered = st.deliveries() / 10_000.0;
        assertThat(delivered).isBetween(0.67, 0.73);
        assertThat(net.drops().get(DropReason.LOSS)).isEqualTo(10_000 - st.deliveries());
        assertThat(net.linkStats().get(Link.DEFAULT)).isEqualTo(new LinkStats(10_000, 100_000, st.deliveries(),
                10_000 - st.deliveries()));
    }

    /** One line per delivered or dropped copy: enough to tell two runs apart. */
    static List<String> trace(long seed) {
        SimNetwork net = new SimNetwork(seed, LinkModel.of(0.2, 10, 30).host(R1, Link.of(0.5, 100, 50).named("radio")));
        List<String> out = new ArrayList<>();
        net.addObserver(new DeliveryObserver() {
            @Override
            public void delivered(long at, MemberId from, MemberId to, GroupId group, byte[] payload) {
                out.add(at + " " + from + ">" + to + " " + Arrays.hashCode(payload));
            }

            @Override
            public void dropped(long at, MemberId from, MemberId to, GroupId group, DropReason reason) {
                out.add(at + " " + from + ">" + to + " " + reason);
            }
        });
        TestPolicies pol = new TestPolicies("trial", 3, 7).perServerRekey(false); // ALL reaches every host
        List<HostPort> ports = new ArrayList<>();
        for (MemberId s : List.of(S1, S2, S3)) {
            HostPort p = net.attach(s, (f, x) -> { });
            p.openGroup(GroupChannel.of(pol.sender(s)));
            ports.add(p);
        }
        for (int i = 1; i <= 20; i++) {
            MemberId r = TestPolicies.receiverId(i);
            HostPort p = net.attach(r, (f, x) -> { });
            p.openGroup(GroupChannel.of(pol.receiver(r, S1, false)));
            ports.add(p);
        }
        // every host sends a few datagrams at random (per-host seeded) times, some replying
        for (HostPort p : ports) {
            for (int k = 0; k < 3; k++) {
                byte[] body = p.runtime().random().bytes(16);
                long at = p.runtime().random().nextInt(1_000);
                Destination d = k == 2 ? Destination.unicast(G, S1) : Destination.multicast(G, Audience.ALL);
                p.runtime().scheduler().schedule(at, () -> p.send(d, body));
            }
        }
        net.runUntilIdle(60_000);
        return out;
    }

    @Test
    void sameSeedRepeatsTheRunExactly() {
        List<String> a = trace(42);
        List<String> b = trace(42);
        List<String> c = trace(43);
        assertThat(a).hasSizeGreaterThan(1000);
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void hostRuntimeRunsOnTheSharedVirtualClockWithSeededRandomness() {
        SimNetwork net = new SimNetwork(99, LinkModel.perfect());
        HostPort p = net.attach(S1, (f, x) -> { });
        List<Long> fired = new ArrayList<>();
        p.runtime().scheduler().schedule(250, () -> fired.add(p.runtime().clock().millis()));
        var cancelled = p.runtime().scheduler().schedule(300, () -> fired.add(-1L));
        cancelled.cancel();
        net.runUntil(1_000);
        assertThat(fired).containsExactly(250L);
        assertThat(net.now()).isEqualTo(1_000);
        assertThat(p.runtime().random().bytes(32)).isEqualTo(Randoms.deterministic(99, "s01").bytes(32));
        // a closed host's timers die with it
        p.runtime().scheduler().schedule(10, () -> fired.add(-2L));
        p.close();
        net.runUntil(2_000);
        assertThat(fired).containsExactly(250L);
        // a restarted host does not replay its random stream
        HostPort again = net.attach(S1, (f, x) -> { });
        assertThat(again.runtime().random().bytes(32)).isNotEqualTo(Randoms.deterministic(99, "s01").bytes(32));
    }

    @Test
    void partitionsSeparateSidesOnlyDuringTheirWindow() {
        LinkModel model = LinkModel.perfect().partition(100, 200, List.of(Set.of(S1, R1), Set.of(S2, R2)));
        SimNetwork net = new SimNetwork(5, model);
        Map<MemberId, HostPort> ports = group(net);
        net.schedule(150, () -> ports.get(S1).send(Destination.multicast(G, Audience.ALL), b("p")));
        net.schedule(250, () -> ports.get(S1).send(Destination.multicast(G, Audience.ALL), b("q")));
        net.runUntilIdle(1_000);
        assertThat(inbox.get(S2)).containsExactly("s01:q");
        assertThat(inbox.get(R2)).containsExactly("s01:q");
        assertThat(inbox.get(R1)).containsExactly("s01:p", "s01:q");
        assertThat(inbox.get(S3)).containsExactly("s01:p", "s01:q"); // on no side: unaffected
        assertThat(net.drops().get(DropReason.PARTITION)).isEqualTo(2);

        inbox.clear();
        model.isolate(net.now(), net.now() + 1_000, Set.of(R3));
        ports.get(S1).send(Destination.multicast(G, Audience.ALL), b("i"));
        ports.get(R3).send(Destination.unicast(G, S1), b("j"));
        net.runUntilIdle(10_000);
        assertThat(inbox).doesNotContainKey(R3);
        assertThat(inbox.get(S1)).isNull();
        assertThat(inbox.get(R1)).containsExactly("s01:i");
    }

    @Test
    void downHostNeitherSendsNorReceivesUntilUp() {
        SimNetwork net = new SimNetwork(5, LinkModel.of(0, 10, 0));
        Map<MemberId, HostPort> ports = group(net);
        net.down(R1);
        assertThat(net.isDown(R1)).isTrue();
        ports.get(S1).send(Destination.multicast(G, Audience.RECEIVERS), b("1"));
        ports.get(R1).send(Destination.unicast(G, S1), b("2"));
        // goes down while a datagram is in flight to it
        ports.get(S1).send(Destination.unicast(G, R2), b("3"));
        net.schedule(5, () -> net.down(R2));
        net.runUntilIdle(1_000);
        assertThat(inbox).containsOnlyKeys(R3);
        assertThat(net.drops().get(DropReason.DOWN)).isEqualTo(4);

        net.up(R1);
        net.up(R2);
        ports.get(S1).send(Destination.multicast(G, Audience.RECEIVERS), b("4"));
        net.runUntilIdle(2_000);
        assertThat(inbox.get(R1)).containsExactly("s01:4");
        assertThat(inbox.get(R2)).containsExactly("s01:4");
    }

    @Test
    void emconHostCannotSendAndIsCounted() {
        SimNetwork net = new SimNetwork(5, LinkModel.perfect());
        Map<MemberId, HostPort> ports = group(net);
        HostPort quiet = host(net, MemberId.of("r09999"), policies.receiver(MemberId.of("r09999"), S1, true));
        assertThat(quiet.send(Destination.unicast(G, S1), b("reg"))).isFalse();
        assertThat(quiet.send(Destination.multicast(G, Audience.ALL), b("x"))).isFalse();
        net.runUntilIdle(1_000);
        assertThat(inbox).isEmpty();
        TrafficStats st = net.stats();
        assertThat(st.emconPacketsSent()).isEqualTo(2);
        assertThat(st.messagesSent()).isZero();
        // ... but it receives
        ports.get(S1).send(Destination.multicast(G, Audience.RECEIVERS), b("key"));
        net.runUntilIdle(2_000);
        assertThat(inbox.get(MemberId.of("r09999"))).containsExactly("s01:key");
    }

    @Test
    void excludedSendersAreDroppedAtTheReceiver() {
        SimNetwork net = new SimNetwork(5, LinkModel.perfect());
        Map<MemberId, HostPort> ports = group(net);
        MemberId v6 = MemberId.of("fd00:dead::7");
        MemberId v6ok = MemberId.of("fd00:beef::7");
        List<String> rules = List.of("r00002", "fd00:dead::/32");
        HostPort e1 = host(net, v6, policies.sender(S3));
        HostPort e2 = host(net, v6ok, policies.sender(S3));
        ports.get(S1).openGroup(GroupChannel.of(excluding(policies.sender(S1), rules)));

        ports.get(R2).send(Destination.unicast(G, S1), b("a"));
        ports.get(R3).send(Destination.unicast(G, S1), b("b"));
        e1.send(Destination.unicast(G, S1), b("c"));
        e2.send(Destination.unicast(G, S1), b("d"));
        ports.get(R2).send(Destination.unicast(G, S2), b("e")); // S2 has no rules
        net.runUntilIdle(1_000);
        assertThat(inbox.get(S1)).containsExactly("r00003:b", "fd00:beef::7:d");
        assertThat(inbox.get(S2)).containsExactly("r00002:e");
        assertThat(net.drops().get(DropReason.FILTERED)).isEqualTo(2);
    }

    @Test
    void hostOverridesSelectLinkClassesAndAreCountedPerClass() {
        LinkModel model = LinkModel.of(0, 5, 0).host(R1, Link.of(0, 300, 0).named("radio"))
                .link(S1, S2, Link.of(0, 1, 0).named("backbone"));
        SimNetwork net = new SimNetwork(5, model);
        Map<MemberId, Long> at = new TreeMap<>();
        Map<MemberId, HostPort> ports = group(net);
        net.addObserver((t, f, to, g, p) -> at.put(to, t));
        ports.get(S1).send(Destination.multicast(G, Audience.ALL), b("x"));
        net.runUntilIdle(1_000);
        assertThat(at).containsEntry(S2, 1L).containsEntry(S3, 5L).containsEntry(R1, 300L).containsEntry(R2, 5L);
        assertThat(net.linkStats()).containsEntry("radio", new LinkStats(1, 1, 1, 0))
                .containsEntry("backbone", new LinkStats(1, 1, 1, 0))
                .containsEntry(Link.DEFAULT, new LinkStats(3, 3, 3, 0));
        // the sender's override applies when the receiver has none
        ports.get(R1).send(Destination.unicast(G, S3), b("y"));
        net.runUntilIdle(2_000);
        assertThat(net.linkStats().get("radio").copies()).isEqualTo(2);
    }

    @Test
    void duplicatingLinkDeliversTwice() {
        SimNetwork net = new SimNetwork(5, new LinkModel(Link.of(0, 5, 5).withDuplicate(1.0)));
        Map<MemberId, HostPort> ports = group(net);
        ports.get(S1).send(Destination.unicast(G, S2), b("d"));
        net.runUntilIdle(1_000);
        assertThat(inbox.get(S2)).containsExactly("s01:d", "s01:d");
    }

    @Test
    void throwingHandlersAndTimersDoNotStopTheSimulation() {
        SimNetwork net = new SimNetwork(5, LinkModel.perfect());
        Map<MemberId, HostPort> ports = group(net);
        HostPort bad = net.attach(MemberId.of("bad"), (f, p) -> {
            throw new IllegalStateException("boom");
        });
        bad.openGroup(GroupChannel.of(policies.receiver(MemberId.of("bad"), S1, false)));
        bad.runtime().scheduler().schedule(1, () -> {
            throw new IllegalArgumentException("timer boom");
        });
        for (int i = 0; i < 3; i++) {
            ports.get(S1).send(Destination.multicast(G, Audience.RECEIVERS), b("m" + i));
        }
        assertThat(net.runUntilIdle(1_000)).isTrue();
        assertThat(inbox.get(R3)).containsExactly("s01:m0", "s01:m1", "s01:m2");
        assertThat(net.handlerFailures()).isEqualTo(3);
        assertThat(net.taskFailures()).isEqualTo(1);
        assertThat(net.stats().deliveries()).isEqualTo(12);
    }

    @Test
    void otherThreadsHandWorkOverWithoutWaiting() throws Exception {
        SimNetwork net = new SimNetwork(5, LinkModel.perfect());
        HostPort p = net.attach(S1, (f, x) -> { });
        List<Long> ran = new ArrayList<>();
        net.schedule(100, () -> {
            // while the driving thread runs events, another thread schedules on the host
            Thread t = new Thread(() -> p.runtime().scheduler().execute(() -> ran.add(net.now())));
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        net.schedule(200, () -> ran.add(-net.now()));
        net.runUntilIdle(1_000);
        assertThat(ran).containsExactly(-200L, 200L);
    }

    @Test
    void factoryComponentCreatesIndependentNetworks() {
        SimNetworkFactory f = new org.miked.sim.network.internal.SimNetworkFactoryComponent();
        SimNetwork a = f.create(1, LinkModel.perfect());
        SimNetwork c = f.create(2, LinkModel.perfect());
        a.attach(S1, (x, y) -> { });
        c.attach(S1, (x, y) -> { });
        assertThat(a).isNotSameAs(c);
        assertThat(a.seed()).isEqualTo(1);
        assertThat(a.hostCount()).isEqualTo(1);
    }
}
