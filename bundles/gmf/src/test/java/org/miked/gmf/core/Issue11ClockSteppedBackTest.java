package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.dispatch.TrafficStats;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.CryptoMemo;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.runtime.RandomSource;
import org.miked.api.runtime.Scheduler;
import org.miked.api.runtime.StateStore;
import org.miked.sim.network.LinkModel;
import org.miked.testkit.TestPolicies;

/**
 * Issue 11, "epoch numbering must not depend on the wall clock moving forward": a key server whose clock
 * reads an hour earlier after its restart must still reach its receivers with new epochs, end to end on the
 * simulated network (real GMFs, BD, LKH, Ed25519, memory sinks).
 */
class Issue11ClockSteppedBackTest {
    static final MemberId S1 = TestPolicies.senderId(1);
    static final long HOUR = 3_600_000;

    /** The simulated network as one host sees it through a clock that is {@code offset} ms off. */
    record SkewedDispatcher(Dispatcher inner, long offset) implements Dispatcher {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public HostPort attach(MemberId host, DatagramHandler handler) {
            HostPort p = inner.attach(host, handler);
            HostRuntime rt = p.runtime();
            HostRuntime skewed = new HostRuntime() {
                @Override
                public MemberId self() {
                    return rt.self();
                }

                @Override
                public Clock clock() {
                    return () -> rt.clock().millis() + offset;
                }

                @Override
                public Scheduler scheduler() {
                    return rt.scheduler();
                }

                @Override
                public RandomSource random() {
                    return rt.random();
                }

                @Override
                public CryptoMemo cryptoMemo() {
                    return rt.cryptoMemo();
                }

                @Override
                public StateStore stateStore() {
                    return rt.stateStore();
                }
            };
            return new HostPort() {
                @Override
                public HostRuntime runtime() {
                    return skewed;
                }

                @Override
                public boolean send(Destination to, byte[] payload) {
                    return p.send(to, payload);
                }

                @Override
                public void openGroup(GroupChannel channel) {
                    p.openGroup(channel);
                }

                @Override
                public void closeGroup(GroupId group) {
                    p.closeGroup(group);
                }

                @Override
                public void close() {
                    p.close();
                }
            };
        }

        @Override
        public TrafficStats stats() {
            return inner.stats();
        }
    }

    @Test
    void aKeyServerRestartedWithItsClockAnHourBackStillKeysItsReceiversWithNewEpochs() {
        GmfHarness h = new GmfHarness(1, 41, LinkModel.of(0.05, 5, 2));
        // before the restart the key server's clock reads two hours ahead of the virtual time
        h.hosts.put(S1, new HostGmf(new SkewedDispatcher(h.net, 2 * HOUR), S1, h.registry, h.log::add));
        h.startSenders();
        List<MemberId> rs = h.startReceivers(6, 3); // r00003 and r00006 are EMCON
        h.net.runUntil(10_000);
        h.host(S1).rekey(h.group);
        h.net.runUntil(15_000);
        String before = h.commonKey(h.withSenders(rs));
        assertThat(before).as(h.describe()).isNotNull();
        long epochBefore = h.status(S1).epoch();
        assertThat(epochBefore).as("epochs start from the clock").isGreaterThanOrEqualTo(2 * HOUR);

        // the key server restarts (same host id and state store); its clock now reads an hour earlier
        h.hosts.remove(S1).close();
        h.net.runUntil(h.net.now() + 1_000);
        h.hosts.put(S1, new HostGmf(new SkewedDispatcher(h.net, HOUR), S1, h.registry, h.log::add));
        h.host(S1).join(h.policies.sender(S1));
        java.util.Map<MemberId, Long> replaysBefore = new java.util.HashMap<>();
        rs.forEach(r -> replaysBefore.put(r, h.status(r).counters().getOrDefault("rejected.replay", 0L)));
        h.net.runUntil(h.net.now() + 60_000);

        assertThat(h.status(S1).epoch()).as("the new epoch is above the one held before the restart, not from the clock")
                .isGreaterThan(epochBefore);
        String after = h.commonKey(h.withSenders(rs));
        assertThat(after).as("every receiver accepted the restarted server's new epoch:\n" + h.describe()).isNotNull()
                .isNotEqualTo(before);
        for (MemberId r : rs) {
            assertThat(h.status(r).epoch()).isEqualTo(h.status(S1).epoch());
            assertThat(h.status(r).counters().getOrDefault("epoch.older-than-held", 0L)).as(r.id()).isZero();
            // the restarted server's envelopes carry sequence numbers above its earlier incarnation's
            assertThat(h.status(r).counters().getOrDefault("rejected.replay", 0L) - replaysBefore.get(r))
                    .as(r.id() + ": envelopes of the restarted server dropped as replays").isLessThan(5);
        }
    }

    @Test
    void aCoordinatorRestartedWithItsClockAnHourBackRejoinsTheOtherSendersOnOneKey() {
        GmfHarness h = new GmfHarness(3, 43, LinkModel.of(0.05, 5, 2));
        h.hosts.put(S1, new HostGmf(new SkewedDispatcher(h.net, 2 * HOUR), S1, h.registry, h.log::add));
        h.startSenders();
        List<MemberId> rs = h.startReceivers(6, 3);
        h.net.runUntil(15_000);
        String before = h.commonKey(h.withSenders(rs));
        assertThat(before).as(h.describe()).isNotNull();
        MemberId s2 = TestPolicies.senderId(2);
        long staleBefore = h.status(s2).counters().getOrDefault("control.start-stale", 0L);

        h.hosts.remove(S1).close();
        h.net.runUntil(h.net.now() + 1_000);
        h.hosts.put(S1, new HostGmf(new SkewedDispatcher(h.net, HOUR), S1, h.registry, h.log::add));
        h.host(S1).join(h.policies.sender(S1));
        h.net.runUntil(h.net.now() + 8_000);
        assertThat(h.commonKey(h.policies.senders())).as("the senders on one key within 8 s:\n" + h.describe())
                .isNotNull().isNotEqualTo(before);
        h.net.runUntil(h.net.now() + 52_000);

        String after = h.commonKey(h.withSenders(rs));
        assertThat(after).as("every receiver keyed again:\n" + h.describe()).isNotNull().isNotEqualTo(before);
        // its first START after the restart is older than the run the others hold and they ignore it; their next
        // HELLO names their run, and it starts again above it: no run that fails because the others ignore it,
        // no run of one (a second key) before the group is whole again
        assertThat(h.status(s2).counters().getOrDefault("control.start-stale", 0L)).isGreaterThan(staleBefore);
        assertThat(h.status(S1).counters().getOrDefault("agreement.start-behind", 0L)).isPositive();
        assertThat(h.status(S1).counters()).as(h.describe()).doesNotContainKey("agreement.failed");
        assertThat(h.log).noneMatch(l -> l.startsWith("s01 group g: coordinating run") && l.endsWith("among [s01]"));
    }
}
