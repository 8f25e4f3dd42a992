package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.gmf.GroupState;
import org.miked.sim.network.DeliveryObserver;
import org.miked.sim.network.DropReason;
import org.miked.sim.network.LinkModel;
import org.miked.testkit.TestPolicies;

/**
 * Issue 10, finding 1, at the GMF: every unicast answer is bound to its recipient. An evicted receiver
 * collects the signed REFUSEs its key server sent it and replays them, by unicast and to the receivers'
 * multicast address, to every other receiver of that server. The envelope names the recipient inside what
 * the server signed, so the other receivers drop them ({@code rejected.misaddressed}) and stay keyed. On the
 * old code (envelope version 1, no recipient) every one of them stopped for good.
 */
class UnicastAnswerBindingTest {
    static final MemberId S1 = TestPolicies.senderId(1);

    @Test
    void refusesSignedForAnEvictedReceiverAndReplayedToTheOthersAreDroppedAsMisaddressed() {
        GmfHarness h = new GmfHarness(1, 21, LinkModel.of(0, 5, 0));
        h.startSenders();
        List<MemberId> rs = h.startReceivers(5, 0);
        MemberId evil = rs.get(4);
        List<byte[]> toEvil = new ArrayList<>();
        h.net.addObserver(new DeliveryObserver() {
            @Override
            public void delivered(long at, MemberId from, MemberId to, GroupId g, byte[] data) {
                if (to.equals(evil) && from.equals(S1)) {
                    toEvil.add(data.clone());
                }
            }

            @Override
            public void dropped(long at, MemberId from, MemberId to, GroupId g, DropReason why) {
            }
        });
        h.net.runUntil(5_000);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
        h.host(S1).evict(h.group, evil);
        h.net.runUntil(40_000); // rekeyed without it; it notices, asks, is answered UNKNOWN, registers, is REFUSED
        assertThat(h.status(evil).reason()).as(h.describe()).contains("refused");
        List<byte[]> refuses = toEvil.stream().filter(UnicastAnswerBindingTest::isRefuse).toList();
        assertThat(refuses).hasSizeGreaterThanOrEqualTo(2);
        MemberId spy = MemberId.of("spy");
        HostPort spyPort = h.net.attach(spy, (DatagramHandler) (from, payload) -> { });
        spyPort.openGroup(GroupChannel.of(h.policies.sender(S1)));
        for (int round = 0; round < 3; round++) {
            for (byte[] r : refuses) {
                for (MemberId victim : rs.subList(0, 4)) {
                    spyPort.send(Destination.unicast(h.group, victim), r);
                }
                spyPort.send(Destination.multicast(h.group, Audience.RECEIVERS), r);
            }
            h.net.runUntil(h.net.now() + 2_000);
        }
        h.net.runUntil(h.net.now() + 20_000);
        for (MemberId victim : rs.subList(0, 4)) {
            assertThat(h.status(victim).state()).as(h.describe()).isEqualTo(GroupState.KEYED);
            assertThat(h.status(victim).counters().getOrDefault("rejected.misaddressed", 0L)).as("%s", victim)
                    .isPositive();
        }
        h.host(S1).rekey(h.group);
        h.net.runUntil(h.net.now() + 5_000);
        assertThat(h.commonKey(h.withSenders(rs.subList(0, 4)))).as(h.describe()).isNotNull();
    }

    /** The LKH body of an envelope, if it is a REFUSE (the test reads it as the key server wrote it). */
    private static boolean isRefuse(byte[] datagram) {
        try {
            var in = org.miked.gmf.wire.EnvelopeCodec.decodePrefix(datagram);
            int sig = org.miked.common.crypto.Ed25519.SIGNATURE_BYTES;
            var env = org.miked.gmf.wire.EnvelopeCodec.decodeExact(java.util.Arrays.copyOf(datagram, datagram.length - sig));
            return in.kind() == org.miked.gmf.wire.Envelope.Kind.DISTRIBUTION && env.body().length > 0
                    && env.body()[0] == 4;
        } catch (org.miked.common.wire.DecodeException e) {
            return false;
        }
    }
}
