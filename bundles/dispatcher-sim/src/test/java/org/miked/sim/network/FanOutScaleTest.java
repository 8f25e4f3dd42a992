package org.miked.sim.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The sizing target: 25 senders and 10,000 receivers in one JVM. Every multicast to the receivers makes
 * exactly one copy per receiver (delivered or lost), none to a sender, and one payload buffer for the
 * whole fan-out rather than one per copy. Everything asserted is counted, none of it is timed or
 * measured on the heap (speed and memory are benchmark matters).
 */
class FanOutScaleTest {
    static final int RECEIVERS = 10_000;
    static final int SENDERS = 25;
    static final int ROUNDS = 10;

    @Test
    void tenThousandReceiversGetEveryMulticastOnce() {
        GroupId g = GroupId.of("trial");
        TestPolicies pol = new TestPolicies("trial", SENDERS, 3);
        GroupPolicy receiverPolicy = pol.receiver(TestPolicies.receiverId(1), pol.senders().get(0), false);
        long[] receivedBytes = new long[1];
        long[] atSenders = new long[1];
        DatagramHandler receiving = (from, payload) -> receivedBytes[0] += payload.length;
        DatagramHandler sending = (from, payload) -> atSenders[0]++;

        SimNetwork net = new SimNetwork(1, LinkModel.of(0.01, 20, 10));
        Map<MemberId, Integer> receiverIndex = new HashMap<>();
        List<HostPort> senders = new ArrayList<>();
        for (MemberId s : pol.senders()) {
            HostPort p = net.attach(s, sending);
            p.openGroup(GroupChannel.of(pol.sender(s)));
            senders.add(p);
        }
        for (int i = 1; i <= RECEIVERS; i++) {
            MemberId r = TestPolicies.receiverId(i);
            receiverIndex.put(r, i - 1);
            net.attach(r, receiving).openGroup(GroupChannel.of(receiverPolicy));
        }

        // per message (payload[0]) and receiver: copies delivered, copies lost; copies to anyone else
        int[][] delivered = new int[ROUNDS][RECEIVERS];
        int[][] lost = new int[ROUNDS][RECEIVERS];
        List<String> strays = new ArrayList<>();
        int[] sendingNow = new int[1]; // the message being sent: loss is decided in send(), before any event
        List<Set<byte[]>> buffers = new ArrayList<>();
        for (int k = 0; k < ROUNDS; k++) {
            buffers.add(Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        net.addObserver(new DeliveryObserver() {
            @Override
            public void delivered(long atMillis, MemberId from, MemberId to, GroupId group, byte[] payload) {
                Integer r = receiverIndex.get(to);
                if (r == null || !group.equals(g)) {
                    strays.add("delivered to " + to + " in " + group);
                    return;
                }
                delivered[payload[0]][r]++;
                buffers.get(payload[0]).add(payload); // identity only: the buffer the fan-out shares
            }

            @Override
            public void dropped(long atMillis, MemberId from, MemberId to, GroupId group, DropReason reason) {
                Integer r = receiverIndex.get(to);
                if (r == null || reason != DropReason.LOSS) {
                    strays.add("dropped for " + to + ": " + reason);
                    return;
                }
                lost[sendingNow[0]][r]++; // a drop carries no payload
            }
        });

        for (int k = 0; k < ROUNDS; k++) {
            sendingNow[0] = k;
            byte[] payload = new byte[100];
            payload[0] = (byte) k;
            // every receiver's key server is s01: its rekey channel reaches all of them
            assertThat(senders.get(0).send(Destination.multicast(g, Audience.RECEIVERS), payload)).isTrue();
        }
        long lostTotal = net.drops().get(DropReason.LOSS);
        // loss is decided when a copy is sent, so every other copy is one delivery event waiting to run
        assertThat(net.pending()).isEqualTo((int) ((long) ROUNDS * RECEIVERS - lostTotal));
        assertThat(net.runUntilIdle(60_000)).isTrue();

        assertThat(strays).isEmpty();
        for (int k = 0; k < ROUNDS; k++) {
            for (int r = 0; r < RECEIVERS; r++) {
                assertThat(delivered[k][r] + lost[k][r]).as("copies of message %d for receiver %d", k, r + 1).isEqualTo(1);
            }
            assertThat(buffers.get(k)).as("payload buffers of message %d's fan-out", k).hasSize(1);
        }
        long copies = (long) ROUNDS * RECEIVERS;
        assertThat(net.stats().deliveries()).isEqualTo(copies - lostTotal);
        assertThat(lostTotal).as("1%% loss on %d copies", copies).isBetween(1L, copies * 3 / 100);
        assertThat(atSenders[0]).as("copies of a RECEIVERS multicast at senders").isZero();
        assertThat(receivedBytes[0]).isEqualTo(net.stats().deliveries() * 100);
        assertThat(net.stats().messagesSent()).isEqualTo(ROUNDS);
        assertThat(net.stats().perHost()).hasSize(SENDERS + RECEIVERS);
    }
}
