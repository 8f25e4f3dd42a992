package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.protocol.EpochKey;
import org.miked.common.wire.DecodeException;
import org.miked.lkh.wire.KeyMessage;
import org.miked.lkh.wire.LkhCodec;
import org.miked.lkh.wire.WrapEntry;
import org.miked.testkit.TestPolicies;

/** Forged, replayed and truncated messages are rejected and counted; admission is enforced. */
class LkhAdversaryTest {

    private static Harness group(int n) {
        Harness h = new Harness(11, n + 2, i -> false, Map.of());
        h.startAll(1, n);
        h.run(50);
        h.rekey();
        h.run(1_000);
        assertThat(h.lagging()).isEmpty();
        return h;
    }

    /** The server's multicasts from index {@code from} on that are key messages of type REKEY. */
    private static List<byte[]> rekeys(Harness h, int from) throws DecodeException {
        List<byte[]> out = new ArrayList<>();
        for (byte[] b : h.multicasts.subList(from, h.multicasts.size())) {
            if (LkhCodec.type(b) == LkhCodec.REKEY) {
                out.add(b);
            }
        }
        return out;
    }

    @Test
    void forgedReplayedAndTruncatedRekeysAreRejectedAndCounted() throws DecodeException {
        Harness h = group(40);
        MemberId victim = TestPolicies.receiverId(7);
        LkhClient c = h.clients.get(victim);
        var ctx = h.ctxs.get(victim);
        int mark = h.multicasts.size();
        h.leave(TestPolicies.receiverId(8)); // a sibling leaves: the victim's path changes
        h.run(50);
        EpochKey before = h.current;
        // the victim misses the next rekey; the test then hands it tampered copies first
        h.net.detach(victim);
        h.rekey();
        h.run(1_000);
        h.net.attach(victim, org.miked.api.Role.RECEIVER, c::onMessage);
        byte[] good = rekeys(h, mark).get(0);
        assertThat(ctx.lastKey()).isEqualTo(before);
        KeyMessage m = LkhCodec.decodeKeyMessage(good);

        // forged: flip one bit in every wrap
        List<WrapEntry> flipped = new ArrayList<>();
        for (WrapEntry e : m.entries()) {
            byte[] w = e.wrapped();
            w[5] ^= 0x10;
            flipped.add(new WrapEntry(e.kind(), e.kekNode(), e.kekVersion(), e.newVersion(), w));
        }
        byte[] forged = LkhCodec.encode(new KeyMessage(m.type(), m.degree(), m.part(), m.parts(), m.seq(), m.epoch(),
                m.lo(), m.hi(), new byte[0], flipped));
        c.onMessage(h.s, forged);
        assertThat(ctx.counter("lkh.rejected.unwrap")).isEqualTo(1);
        assertThat(ctx.lastKey()).isEqualTo(before);

        // truncated at every length
        for (int len = 0; len < good.length; len += 7) {
            c.onMessage(h.s, Arrays.copyOf(good, len));
        }
        assertThat(ctx.counter("lkh.rejected.decode")).isEqualTo((good.length + 6) / 7);
        assertThat(ctx.lastKey()).isEqualTo(before);

        // from someone who is not the key server
        c.onMessage(TestPolicies.receiverId(9), good);
        assertThat(ctx.counter("lkh.rejected.origin")).isEqualTo(1);

        // the genuine message is accepted
        c.onMessage(h.s, good);
        assertThat(ctx.lastKey()).isEqualTo(h.current);

        // replayed: an older rekey (sequence 1) after sequence 2
        byte[] old = rekeys(h, 0).get(0);
        assertThat(LkhCodec.decodeKeyMessage(old).seq()).isLessThan(m.seq());
        c.onMessage(h.s, old);
        assertThat(ctx.counter("lkh.rejected.stale")).isEqualTo(1);
        assertThat(ctx.lastKey()).isEqualTo(h.current);
        assertThat(ctx.log).anyMatch(l -> l.contains("rejected (stale)"));

        // a re-sent copy of the current rekey is a harmless duplicate, not a rejection
        c.onMessage(h.s, good);
        assertThat(ctx.counter("lkh.rejected.stale")).isEqualTo(1);
        assertThat(ctx.epochKeys).hasSize(2);
    }

    @Test
    void serverRejectsGarbageAndAnswersRepairsOnlyForItsMembers() {
        Harness h = group(5);
        h.server.onMessage(TestPolicies.receiverId(1), new byte[] {LkhCodec.LEAVE, 1});
        h.server.onMessage(TestPolicies.receiverId(1), new byte[] {99});
        h.server.onMessage(TestPolicies.receiverId(1), new byte[0]);
        assertThat(h.sctx.counter("lkh.rejected.decode")).isEqualTo(2);
        assertThat(h.sctx.counter("lkh.rejected.type")).isEqualTo(1);
        // a repair request naming another leaf is refused as unknown
        h.server.onMessage(TestPolicies.receiverId(1), LkhCodec.repairRequest(Nodes.id(0, 1000), 1, 0, 0));
        assertThat(h.sctx.counter("lkh.rejected.unknown")).isEqualTo(1);
        // a stale leave (wrong version) does not remove the member
        h.server.onMessage(TestPolicies.receiverId(2), LkhCodec.leave(Nodes.id(0, 1), 99));
        h.rekey();
        assertThat(h.server.members()).contains(TestPolicies.receiverId(2));
    }

    @Test
    void unknownAndExcludedReceiversAreRefusedWithReason() {
        Harness h = group(3);
        // r00005 has no verify key at the server (the harness provisioned total = n + 2 = 5, so use 6)
        LkhClient stranger = h.start(6);
        h.run(2_000);
        assertThat(h.ctxs.get(TestPolicies.receiverId(6)).refusals).singleElement().asString().contains("no credentials");
        assertThat(stranger.isMember()).isFalse();
        assertThat(h.server.members()).doesNotContain(TestPolicies.receiverId(6));
        // refused once: the client stops retransmitting
        long sent = h.net.sentBy(TestPolicies.receiverId(6));
        h.run(20_000);
        assertThat(h.net.sentBy(TestPolicies.receiverId(6))).isEqualTo(sent);
    }

    @Test
    void excludedReceiverIsRefused() {
        TestPolicies pol = new TestPolicies("g", 1, 3);
        MemberId s = TestPolicies.senderId(1);
        MemberId r = TestPolicies.receiverId(1);
        pol.key(r);
        var sp = pol.sender(s);
        var excluding = new org.miked.api.policy.GroupPolicy(sp.group(), sp.role(), sp.dataAddress(), sp.dataPort(),
                sp.controlAddress(), sp.controlPort(), sp.senders(), sp.keyServer(), sp.agreement(), sp.distribution(),
                sp.auth(), sp.rekeyAuth(), sp.saSink(), sp.params(), sp.suite(), sp.softLifetimeS(), sp.hardLifetimeS(),
                sp.rekeyBatchMillis(), sp.agreementIntervalS(), false, List.of(r.id()), sp.credentials());
        var net = new org.miked.testkit.TestNetwork(1);
        var sctx = new org.miked.testkit.TestContext(excluding, net.runtime(s), net);
        LkhServer server = new LkhServer(sctx);
        var cctx = new org.miked.testkit.TestContext(pol.receiver(r, s, false), net.runtime(r), net);
        LkhClient client = new LkhClient(cctx);
        net.attach(s, org.miked.api.Role.SENDER, server::onMessage);
        net.attach(r, org.miked.api.Role.RECEIVER, client::onMessage);
        client.start();
        net.time().runUntil(1_000);
        assertThat(cctx.refusals).singleElement().asString().contains("excluded");
        assertThat(sctx.membershipChanges).isZero();
    }

    @Test
    void evictionAndLeaveTakeEffectAtTheNextRekey() {
        Harness h = group(10);
        h.server.evict(TestPolicies.receiverId(3));
        assertThat(h.server.members()).contains(TestPolicies.receiverId(3));
        int changes = h.sctx.membershipChanges;
        h.clients.get(TestPolicies.receiverId(4)).leave();
        h.run(50);
        assertThat(h.sctx.membershipChanges).isEqualTo(changes + 1);
        h.rekey();
        h.run(1_000);
        assertThat(h.server.members()).hasSize(8).doesNotContain(TestPolicies.receiverId(3), TestPolicies.receiverId(4));
        // the evicted receiver never learns the new key; its repair requests are answered "unknown"
        EpochKey k = h.ctxs.get(TestPolicies.receiverId(3)).lastKey();
        assertThat(k).isNotEqualTo(h.current);
        h.clients.remove(TestPolicies.receiverId(4));
        h.clients.remove(TestPolicies.receiverId(3));
        assertThat(h.lagging()).isEmpty();
    }
    /**
     * Issue 10, finding 1: an evicted receiver obtains a REFUSED (by registering) and an UNKNOWN (by a bad
     * repair request) signed by the key server, and replays the pair to every other receiver of that server.
     * On the old code every receiver stopped for good (UNKNOWN made it register, REFUSED then stopped it). Now
     * each REFUSE is bound to the request it answers; and the GMF's envelope names the recipient, so answers
     * tailored to a victim's registration but sent to the attacker are dropped before LKH sees them
     * ({@code ReceiverGroupRefuseTest} in the gmf bundle).
     */
    @Test
    void refusesCapturedByAnEvictedReceiverAndReplayedStopNoOtherReceiver() {
        Harness h = group(6);
        MemberId evil = TestPolicies.receiverId(6);
        h.server.evict(evil);
        h.rekey();
        h.run(1_000);
        List<byte[]> refuses = refusesFor(h, evil, LkhCodec.register(new byte[32]),
                LkhCodec.repairRequest(Nodes.id(0, 1000), 1, 0, 0));
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i <= 5; i++) {
                LkhClient victim = h.clients.get(TestPolicies.receiverId(i));
                // UNKNOWN first (a member re-registers), then REFUSED (a registering receiver stopped)
                victim.onMessage(h.s, refuses.get(1));
                victim.onMessage(h.s, refuses.get(0));
            }
            h.run(100);
        }
        for (int i = 1; i <= 5; i++) {
            assertThat(h.clients.get(TestPolicies.receiverId(i)).isMember()).as("r%d", i).isTrue();
            assertThat(h.ctxs.get(TestPolicies.receiverId(i)).refusals).as("r%d", i).isEmpty();
        }
        assertThat(h.counter("lkh.rejected.unbound")).isEqualTo(30);
        for (int i = 1; i <= 5; i++) {
            // the victims only: the evicted receiver itself may have re-registered before it was closed
            assertThat(h.ctxs.get(TestPolicies.receiverId(i)).counter("lkh.reregister")).as("r%d", i).isZero();
        }
        assertThat(h.counter("lkh.reregister")).as("if anyone re-registered, it was the evicted receiver")
                .isEqualTo(h.ctxs.get(evil).counter("lkh.reregister"));
        EpochKey before = h.current;
        h.rekey();
        h.run(1_000);
        assertThat(h.lagging()).isEmpty();
        assertThat(h.current).isNotEqualTo(before);
    }

    /**
     * Issue 10, finding 1: "a REFUSE captured long ago still works after the victim restarts". A receiver that
     * was evicted (answered UNKNOWN, then REFUSED) and later pardoned registers again; the old pair, replayed
     * to it, neither makes it register again nor stops it.
     */
    @Test
    void aReceiversOwnRefusesFromAnEarlierRegistrationDoNotStopItLater() {
        Harness h = group(4);
        MemberId victim = TestPolicies.receiverId(4);
        List<byte[]> seen = new ArrayList<>();
        LkhClient c = h.clients.get(victim);
        h.net.attach(victim, org.miked.api.Role.RECEIVER, (from, body) -> {
            seen.add(body);
            c.onMessage(from, body);
        });
        h.server.evict(victim);
        h.rekey();
        h.run(12_000); // silence: its repair request is answered UNKNOWN, it registers and is REFUSED
        List<byte[]> old = seen.stream().filter(b -> b[0] == LkhCodec.REFUSE).toList();
        assertThat(old).hasSizeGreaterThanOrEqualTo(2);
        assertThat(h.ctxs.get(victim).refusals).hasSize(1);
        h.server.pardon(victim);
        h.runGmf(62_000); // it registers again after a minute, and the next rekey admits it
        assertThat(c.isMember()).isTrue();
        h.rekey();
        h.run(1_000);
        for (byte[] r : old) {
            c.onMessage(h.s, r);
        }
        for (byte[] r : old) {
            c.onMessage(h.s, r);
        }
        h.run(3_000);
        assertThat(c.isMember()).isTrue();
        assertThat(h.ctxs.get(victim).refusals).hasSize(1);
        assertThat(h.ctxs.get(victim).counter("lkh.rejected.unbound")).isEqualTo(2L * old.size());
        assertThat(h.lagging()).isEmpty();
    }

    /** Sends requests from an endpoint that replaces {@code who}'s client and returns the REFUSEs it got. */
    private static List<byte[]> refusesFor(Harness h, MemberId who, byte[]... requests) {
        List<byte[]> answers = new ArrayList<>();
        h.clients.remove(who).close();
        h.net.attach(who, org.miked.api.Role.RECEIVER, (from, body) -> answers.add(body));
        var to = org.miked.api.dispatch.Destination.unicast(h.policies.sender(h.s).group(), h.s);
        for (byte[] q : requests) {
            h.net.send(who, to, q);
        }
        h.run(1_000);
        List<byte[]> refuses = answers.stream().filter(b -> b[0] == LkhCodec.REFUSE).toList();
        assertThat(refuses).hasSize(requests.length);
        return refuses;
    }

    /** A genuine refusal does not stop a receiver for good either: it registers again later, slower each time. */
    @Test
    void aRefusedReceiverRegistersAgainAfterAMinuteThenBacksOff() {
        Harness h = group(3);
        h.start(6); // r00006 has no verify key at the server
        h.run(2_000);
        long sent = h.net.sentBy(TestPolicies.receiverId(6));
        h.run(57_000);
        assertThat(h.net.sentBy(TestPolicies.receiverId(6))).isEqualTo(sent);
        h.run(62_000);
        assertThat(h.net.sentBy(TestPolicies.receiverId(6))).isGreaterThan(sent);
        assertThat(h.ctxs.get(TestPolicies.receiverId(6)).refusals).hasSize(2);
        h.run(120_000); // the next wait is two minutes
        assertThat(h.ctxs.get(TestPolicies.receiverId(6)).refusals).hasSize(3);
        h.run(200_000);
        assertThat(h.ctxs.get(TestPolicies.receiverId(6)).refusals).hasSize(4);
    }
}
