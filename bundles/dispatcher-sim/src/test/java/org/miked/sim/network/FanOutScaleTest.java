package org.miked.sim.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.policy.GroupPolicy;
import org.miked.testkit.TestPolicies;
import org.junit.jupiter.api.Test;

/**
 * The sizing target of DESIGN.md: 25 senders and 10,000 receivers in one JVM. Checks that every
 * receiver gets a multicast and that the per-host footprint stays small (retained heap after GC, a
 * generous bound: this is a sanity check, not a benchmark; the measured numbers are printed).
 */
class FanOutScaleTest {
    static final int RECEIVERS = 10_000;
    static final int SENDERS = 25;

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void tenThousandReceiversGetEveryMulticast() {
        GroupId g = GroupId.of("trial");
        TestPolicies pol = new TestPolicies("trial", SENDERS, 3);
        GroupPolicy receiverPolicy = pol.receiver(TestPolicies.receiverId(1), pol.senders().get(0), false);
        long[] received = new long[1];
        DatagramHandler counting = (from, payload) -> received[0] += payload.length;

        long before = usedHeap();
        SimNetwork net = new SimNetwork(1, LinkModel.of(0.01, 20, 10));
        List<HostPort> senders = new ArrayList<>();
        for (MemberId s : pol.senders()) {
            HostPort p = net.attach(s, counting);
            p.openGroup(GroupChannel.of(pol.sender(s)));
            senders.add(p);
        }
        for (int i = 1; i <= RECEIVERS; i++) {
            net.attach(TestPolicies.receiverId(i), counting).openGroup(GroupChannel.of(receiverPolicy));
        }
        long attached = usedHeap();
        long perHost = (attached - before) / (SENDERS + RECEIVERS);

        long t0 = System.nanoTime();
        int rounds = 10;
        for (int k = 0; k < rounds; k++) {
            senders.get(k % SENDERS).send(Destination.multicast(g, Audience.RECEIVERS), new byte[100]);
        }
        int pendingAfterSend = net.pending();
        assertThat(net.runUntilIdle(60_000)).isTrue();
        long ms = (System.nanoTime() - t0) / 1_000_000;

        long copies = (long) rounds * RECEIVERS;
        assertThat(pendingAfterSend).isLessThanOrEqualTo((int) copies);
        assertThat(net.stats().deliveries() + net.drops().get(DropReason.LOSS)).isEqualTo(copies);
        assertThat(net.stats().deliveries()).isBetween(copies * 97 / 100, copies);
        assertThat(received[0]).isEqualTo(net.stats().deliveries() * 100);
        assertThat(net.stats().perHost()).hasSize(SENDERS + RECEIVERS);
        System.out.printf("fan-out: %d hosts, ~%d bytes retained per host, %d copies delivered in %d ms wall%n",
                SENDERS + RECEIVERS, perHost, net.stats().deliveries(), ms);
        assertThat(perHost).as("retained heap per simulated host").isLessThan(4_096);
    }
}
