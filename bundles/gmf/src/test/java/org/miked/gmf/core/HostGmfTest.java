package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.api.sa.Msa;
import org.miked.lkh.internal.LkhProtocol;
import org.miked.sim.network.LinkModel;
import org.miked.testkit.TestPolicies;

class HostGmfTest {
    private static final MemberId S1 = TestPolicies.senderId(1);

    @Test
    void singleKeyServerKeysItsReceiversAndEveryoneDerivesTheSameMsas() {
        GmfHarness h = new GmfHarness(1, 3, LinkModel.of(0, 5, 5));
        List<MemberId> rs = h.startAndRun(30, 5, 10_000);
        // a sender installs its outbound MSA of an epoch at the switch, an activation delay in (issue 12)
        h.net.runUntil(10_000 + org.miked.api.policy.KeyTiming.DEFAULT.activationDelayMillis() + 1_000);
        List<MemberId> all = h.withSenders(rs);
        assertThat(h.commonKey(all)).as(h.describe()).isNotNull();
        long epoch = h.status(S1).epoch();
        // the previous epoch's MSAs stay installed for a grace period; compare the current ones
        List<Msa> atServer = h.host(S1).msas(h.group).stream().filter(m -> m.epoch() == epoch).toList();
        List<Msa> atReceiver = h.host(rs.get(4)).msas(h.group).stream().filter(m -> m.epoch() == epoch).toList();
        assertThat(atServer).hasSize(1);
        assertThat(atReceiver).hasSize(1);
        assertThat(atReceiver.get(0).id()).isEqualTo(atServer.get(0).id());
        assertThat(atReceiver.get(0).encryptionKey()).isEqualTo(atServer.get(0).encryptionKey());
        assertThat(h.net.stats().emconPacketsSent()).isZero();
        assertThat(h.status(S1).receivers()).isEqualTo(30);
    }

    @Test
    void threeSendersAgreeWithBdAndTheirReceiversFollowEpochs() {
        GmfHarness h = new GmfHarness(3, 5, LinkModel.of(0.1, 10, 10));
        List<MemberId> rs = h.startAndRun(30, 4, 15_000);
        List<MemberId> all = h.withSenders(rs);
        String first = h.commonKey(all);
        assertThat(first).as(h.describe()).isNotNull();
        assertThat(h.status(S1).agreement()).contains("bd");
        long epoch = h.status(S1).epoch();
        // a receiver leaves: its key server rekeys at the end of the batch, every sender follows
        h.host(rs.get(0)).leave(h.group);
        h.net.runUntil(30_000);
        List<MemberId> remaining = new ArrayList<>(all);
        remaining.remove(rs.get(0));
        String second = h.commonKey(remaining);
        assertThat(second).as(h.describe()).isNotNull().isNotEqualTo(first);
        assertThat(h.status(S1).epoch()).isGreaterThan(epoch);
    }

    /** Issue 5: a key server killed with SIGKILL and restarted keys its receivers again, reusing no epoch or SPI. */
    @Test
    void aCrashedAndRestartedKeyServerRekeysItsReceiversWithFreshEpochsAndSpis() {
        GmfHarness h = new GmfHarness(1, 12, LinkModel.of(0.05, 5, 5));
        List<MemberId> rs = h.startAndRun(12, 4, 10_000);
        List<MemberId> all = h.withSenders(rs);
        String before = h.commonKey(all);
        assertThat(before).as(h.describe()).isNotNull();
        long epochBefore = h.status(S1).epoch();
        java.util.Set<Integer> spisBefore = new java.util.HashSet<>();
        h.host(S1).msas(h.group).forEach(m -> spisBefore.add(m.id().spi()));
        h.hosts.remove(S1).crash();
        h.net.runUntil(15_000);
        h.host(S1).join(h.policies.sender(S1)); // a new incarnation: no memory of the group
        h.net.runUntil(60_000);
        String after = h.commonKey(all);
        assertThat(after).as(h.describe()).isNotNull().isNotEqualTo(before);
        assertThat(h.status(S1).epoch()).isGreaterThan(epochBefore);
        assertThat(h.host(rs.get(0)).msas(h.group)).isNotEmpty()
                .allSatisfy(m -> assertThat(spisBefore).doesNotContain(m.id().spi()));
        assertThat(h.net.stats().emconPacketsSent()).isZero();
    }

    @Test
    void anMsaReachingItsSoftLifetimeStartsANewEpochEverywhere() {
        GmfHarness h = new GmfHarness(2, 8, LinkModel.of(0, 5, 5));
        h.policies.lifetimes(20, 30);
        List<MemberId> rs = h.startAndRun(6, 3, 10_000);
        List<MemberId> all = h.withSenders(rs);
        String first = h.commonKey(all);
        assertThat(first).as(h.describe()).isNotNull();
        long epoch = h.status(S1).epoch();
        // the soft lifetime (20 s after install) renews before the hard one (30 s) removes anything
        h.net.runUntil(35_000);
        String renewed = h.commonKey(all);
        assertThat(renewed).as(h.describe()).isNotNull().isNotEqualTo(first);
        assertThat(h.status(S1).epoch()).isGreaterThan(epoch);
        assertThat(h.status(S1).counters()).containsKey("sa.expired.soft");
        assertThat(h.host(rs.get(0)).msas(h.group)).isNotEmpty()
                .allSatisfy(m -> assertThat(m.epoch()).isGreaterThan(epoch));
    }

    @Test
    void forgedReplayedMalformedAndForeignDatagramsAreCountedAndChangeNothing() {
        GmfHarness h = new GmfHarness(1, 9, LinkModel.of(0, 5, 0));
        h.startSenders();
        List<MemberId> rs = h.startReceivers(3, 0);
        // an observer records what the key server multicasts to receivers
        List<byte[]> captured = new ArrayList<>();
        MemberId spy = MemberId.of("spy");
        HostPort spyPort = h.net.attach(spy, (DatagramHandler) (from, payload) -> captured.add(payload));
        spyPort.openGroup(GroupChannel.of(h.policies.receiver(spy, S1, false)));
        h.net.runUntil(5_000);
        MemberId r = rs.get(0);
        GroupStatus before = h.status(r);
        assertThat(before.state()).isEqualTo(GroupState.KEYED);
        assertThat(captured).isNotEmpty();
        byte[] real = captured.get(captured.size() - 1);
        byte[] forged = real.clone();
        forged[forged.length / 2] ^= 1; // same claimed sequence as the real one: dropped before the signature check
        // a claimed sequence far ahead: fresh, so it reaches the signature check, which fails
        // (header: magic, version, kind 4 | "g" 2 | "s01" 4 | no recipient 1 | epoch 8 | sequence at 19)
        byte[] ahead = real.clone();
        ahead[19] ^= 0x40;
        Destination toR = Destination.unicast(h.group, r);
        spyPort.send(toR, forged);
        spyPort.send(toR, ahead);
        spyPort.send(toR, real); // replay of an accepted datagram
        spyPort.send(toR, new byte[] {0x4d, 0x4b, 1});
        spyPort.send(toR, "not a miked datagram".getBytes());
        spyPort.send(Destination.multicast(h.group, Audience.ALL), new byte[0]);
        h.net.runUntil(6_000);
        GroupStatus after = h.status(r);
        assertThat(after.keyFingerprint()).isEqualTo(before.keyFingerprint());
        assertThat(after.counters().get("rejected.replay")).isGreaterThanOrEqualTo(2L);
        assertThat(after.counters().getOrDefault("rejected.auth", 0L) + after.counters().getOrDefault("rejected.malformed", 0L))
                .isPositive();
        assertThat(h.host(r).counters().get("rejected.malformed")).isGreaterThanOrEqualTo(2);
        assertThat(h.log).anyMatch(l -> l.contains("bad Ed25519 signature") || l.contains("malformed"));
    }

    @Test
    void undeployingTheDistributionProtocolStopsOnlyItsGroupsWithAReasonAndRedeployRestarts() {
        GmfHarness h = new GmfHarness(1, 4, LinkModel.of(0, 5, 5));
        List<MemberId> rs = h.startAndRun(5, 0, 5_000);
        assertThat(h.status(S1).state()).isEqualTo(GroupState.KEYED);
        h.registry.remove("lkh");
        h.net.runUntil(6_000);
        GroupStatus stopped = h.status(S1);
        assertThat(stopped.state()).isIn(GroupState.WAITING_FOR_PROTOCOL, GroupState.STOPPED);
        assertThat(stopped.reason()).contains("lkh");
        assertThat(h.status(rs.get(0)).reason()).contains("lkh");
        h.registry.add(new LkhProtocol());
        h.net.runUntil(20_000);
        List<MemberId> all = h.withSenders(rs);
        assertThat(h.commonKey(all)).as(h.describe()).isNotNull();
    }

    @Test
    void aSilentSenderIsDroppedAndTheOthersRekeyWithoutIt() {
        GmfHarness h = new GmfHarness(3, 6, LinkModel.of(0, 5, 5));
        h.startSenders();
        h.net.runUntil(8_000);
        String before = h.commonKey(h.policies.senders());
        assertThat(before).as(h.describe()).isNotNull();
        MemberId s3 = TestPolicies.senderId(3);
        h.net.down(s3);
        h.net.runUntil(40_000);
        List<MemberId> alive = List.of(S1, TestPolicies.senderId(2));
        String after = h.commonKey(alive);
        assertThat(after).as(h.describe()).isNotNull().isNotEqualTo(before);
        assertThat(h.status(S1).senders()).isEqualTo(2);
        // it comes back: a new run includes it again
        h.net.up(s3);
        h.net.runUntil(70_000);
        assertThat(h.commonKey(h.policies.senders())).as(h.describe()).isNotNull();
        assertThat(h.status(S1).senders()).isEqualTo(3);
    }
}
