package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.common.wire.DecodeException;
import org.miked.lkh.wire.LkhCodec;
import org.miked.testkit.TestPolicies;

/**
 * Issue 11, leases: a receiver that vanishes without a LEAVE (its host simply stops) must leave the key tree
 * within a bounded time, or it is served every later key. Before leases it stayed a member for good
 * ({@link #withoutALeaseAVanishedReceiverStaysServedForGood}, the old behaviour).
 */
class LkhLeaseTest {
    private static final MemberId GONE = TestPolicies.receiverId(3);
    private static final MemberId OTHER = TestPolicies.receiverId(4);
    private static final long LEASE_S = 60;
    /** The server's tick (1 s) notices an expiry, the GMF rekeys after the batch (200 ms); 50 ms run steps. */
    private static final long NOTICE_MS = 1_000 + 200 + 200;

    @Test
    void aReceiverThatVanishesWithoutALeaveIsOutOfTheTreeWithinLeasePlusOneBatch() throws DecodeException {
        Harness h = new Harness(31, 10, i -> false, Map.of(), LEASE_S);
        h.startAll(1, 10);
        h.rekey();
        h.runGmf(50_000); // past the first refresh round (half the lease)
        assertThat(h.server.members()).contains(GONE);
        assertThat(h.server.sinceRenewal(GONE)).as("renewed by its refresh").isBetween(0L, 25_000L);

        Map<String, byte[]> held = new HashMap<>(h.clients.get(GONE).heldKeys());
        long vanished = h.net.time().millis();
        long lastRenewal = vanished - h.server.sinceRenewal(GONE);
        h.vanish(GONE);

        h.runGmf(lastRenewal + LEASE_S * 1000 - h.net.time().millis() - 500);
        assertThat(h.server.members()).as("still inside its lease").contains(GONE);
        int multicastsBefore = h.multicasts.size(); // from here on every rekey is one it must not read
        h.runGmf(500 + NOTICE_MS);
        assertThat(h.server.members()).as("out within lease + one batch of its last renewal").doesNotContain(GONE)
                .hasSize(9);
        assertThat(h.sctx.counter("lkh.lease.expired")).isEqualTo(1);
        assertThat(h.sctx.log).anyMatch(l -> l.contains("lease of " + GONE + " expired"));
        assertThat(h.net.time().millis() - vanished).isLessThanOrEqualTo(LEASE_S * 1000 + NOTICE_MS);

        h.rekey(); // a later epoch: the departed gets no key of it
        h.runGmf(5_000);
        assertThat(h.lagging()).as("the others hold the new epoch key").isEmpty();
        assertThat(h.ctxs.get(GONE).lastKey()).isNotEqualTo(h.current);
        long pairs = Harness.assertNoKeyOpens(held, h.multicasts.subList(multicastsBefore, h.multicasts.size()));
        assertThat(pairs).as("the departed's keys were tried against the rekeys after it vanished").isPositive();
        assertThat(h.sctx.counter("lkh.lease.expired")).as("no one else expired").isEqualTo(1);
    }

    @Test
    void withoutALeaseAVanishedReceiverStaysServedForGood() {
        Harness h = new Harness(31, 10, i -> false, Map.of(), 0);
        h.startAll(1, 10);
        h.rekey();
        h.runGmf(50_000);
        h.vanish(GONE);
        h.runGmf(5 * LEASE_S * 1000);
        h.rekey();
        h.runGmf(5_000);
        assertThat(h.server.members()).as("leaseSeconds = 0: the old behaviour, departed still served").contains(GONE);
        assertThat(h.counter("lkh.refresh.sent")).as("nothing to refresh").isZero();
    }

    @Test
    void aReceiverUnderThirtyPercentLossKeepsItsLeaseOverFiveLeasePeriods() {
        Harness h = new Harness(32, 40, i -> false, Map.of(), 30);
        h.net.loss(0.3);
        h.startAll(1, 40);
        h.runGmf(3_000);
        h.rekey();
        h.runGmf(5 * 30_000);
        assertThat(h.sctx.counter("lkh.lease.expired")).as("no false expiry").isZero();
        assertThat(h.server.members()).hasSize(40);
        assertThat(h.counter("lkh.refresh.resent")).as("the loss was real: refreshes were retransmitted").isPositive();
        assertThat(h.counter("lkh.refresh.acked")).as("about 4 rounds each").isGreaterThanOrEqualTo(40 * 3);
        assertThat(h.counter("lkh.reregister")).as("nobody was expired and told to register again").isZero();
    }

    @Test
    void aReplayedRefreshAndARefreshNamingAnotherReceiversLeafRenewNothing() throws DecodeException {
        Harness h = new Harness(33, 6, i -> false, Map.of(), LEASE_S);
        Map<MemberId, List<byte[]>> refreshes = new HashMap<>();
        h.net.attach(h.s, Role.SENDER, (from, body) -> {
            if (body.length > 0 && body[0] == LkhCodec.REFRESH) {
                refreshes.computeIfAbsent(from, k -> new ArrayList<>()).add(body);
            }
            h.server.onMessage(from, body);
        });
        h.startAll(1, 6);
        h.rekey();
        h.runGmf(35_000); // the first refresh went out at about half the lease
        assertThat(refreshes.get(GONE)).isNotEmpty();
        byte[] taken = refreshes.get(GONE).get(refreshes.get(GONE).size() - 1);
        LkhCodec.Refresh f = LkhCodec.decodeRefresh(taken);
        h.vanish(GONE);
        long renewedAgo = h.server.sinceRenewal(GONE);

        h.run(10_000);
        h.server.onMessage(GONE, taken); // the attacker replays GONE's refresh (past the GMF's replay window)
        h.server.onMessage(GONE, LkhCodec.refresh(f.leaf(), f.leafVersion() + 1, f.counter() + 1)); // not its version
        h.server.onMessage(OTHER, LkhCodec.refresh(f.leaf(), f.leafVersion(), f.counter() + 5)); // OTHER names GONE's leaf
        assertThat(h.server.sinceRenewal(GONE)).as("nothing renewed GONE's lease").isEqualTo(renewedAgo + 10_000);
        assertThat(h.sctx.counter("lkh.rejected.stale")).as("the replay").isEqualTo(1);
        assertThat(h.sctx.counter("lkh.rejected.unknown")).as("the wrong version and the foreign leaf").isEqualTo(2);

        h.runGmf(LEASE_S * 1000);
        assertThat(h.server.members()).as("GONE expired on time despite the refreshes").doesNotContain(GONE)
                .contains(OTHER);
        assertThat(h.ctxs.get(OTHER).counter("lkh.rejected.unbound"))
                .as("OTHER got REFUSE for GONE's leaf, not its own: it does not register again").isEqualTo(1);
        assertThat(h.ctxs.get(OTHER).counter("lkh.reregister")).isZero();
        assertThat(h.lagging()).isEmpty();
    }

    @Test
    void aRefreshFromAReceiverTheServerNoLongerKnowsMakesItRegisterAgain() {
        Harness h = new Harness(34, 4, i -> false, Map.of(), LEASE_S);
        h.startAll(1, 4);
        h.rekey();
        h.runGmf(5_000);
        h.net.down(GONE::equals); // cut off for longer than its lease: expired while it could not refresh
        h.runGmf(LEASE_S * 1000 + 5_000);
        assertThat(h.server.members()).doesNotContain(GONE);
        h.net.down(m -> false);
        h.runGmf(15_000);
        assertThat(h.ctxs.get(GONE).counter("lkh.reregister")).as("REFUSE code 2 answered its refresh").isEqualTo(1);
        assertThat(h.server.members()).as("registered again").contains(GONE);
        assertThat(h.lagging()).isEmpty();
    }

    @Test
    void anEmconReceiverIsNeverLeaseExpired() {
        Harness h = new Harness(35, 12, i -> i % 3 == 0, Map.of(), 30);
        h.startAll(1, 12);
        h.rekey();
        h.runGmf(10 * 30_000);
        assertThat(h.server.members()).hasSize(12).containsAll(h.emcon);
        assertThat(h.sctx.counter("lkh.lease.expired")).isZero();
        for (MemberId e : h.emcon) {
            assertThat(h.server.sinceRenewal(e)).as(e + " has no lease").isEqualTo(-1);
            assertThat(h.net.sentBy(e)).as(e + " never transmits").isZero();
        }
        h.rekey();
        h.runGmf(5_000);
        assertThat(h.lagging()).isEmpty();
    }

    @Test
    void aSilentKeyServerIsReportedAndTakenBackWhenItSpeaksAgain() {
        Harness h = new Harness(36, 3, i -> i == 3, Map.of()); // the default lease (600 s) outlasts the silence
        h.startAll(1, 3);
        h.rekey();
        h.runGmf(8_000);
        MemberId r = TestPolicies.receiverId(1);
        assertThat(h.ctxs.get(r).keyServerSilences).isEmpty();

        long down = h.net.time().millis();
        h.net.down(h.s::equals);
        h.run(46_000);
        List<Long> said = h.ctxs.get(r).keyServerSilences;
        assertThat(h.ctxs.get(r).keyServerSilentNow()).isTrue();
        assertThat(said).as("reported at each silence period, always with the same last-heard time").hasSize(3)
                .containsOnly(said.get(0));
        assertThat(said.get(0)).as("last heard before the server went down, within a heartbeat")
                .isBetween(down - 5_000, down);
        assertThat(h.ctxs.get(TestPolicies.receiverId(3)).keyServerSilences).as("EMCON has no silence detection")
                .isEmpty();

        h.net.down(m -> false);
        h.run(6_000); // a heartbeat, or the answer to a repair request
        assertThat(h.ctxs.get(r).keyServerSilentNow()).as("heard again").isFalse();
        assertThat(said.get(said.size() - 1)).isEqualTo(-1L);
    }

    /**
     * On a real host the clock moves between two reads in one event. The silence timer used to re-arm itself
     * through "heard", one read after the report: the report was taken back a millisecond later, and the
     * group's reason flipped between "silent" and "heard again" every period although nothing came from the
     * dead server (the network-namespace test's log). Here a millisecond passes between any two reads of the
     * receiver's clock.
     */
    @Test
    void aSilenceStaysReportedWhenTheClockMovesBetweenReads() {
        Harness h = new Harness(37, 2, i -> false, Map.of());
        h.start(1, rt -> rt.clock(new org.miked.api.runtime.Clock() {
            private long last = -1;

            @Override
            public long millis() {
                last = Math.max(h.net.time().millis(), last + 1); // a millisecond passes between any two reads
                return last;
            }
        }));
        h.start(2);
        h.rekey();
        h.runGmf(8_000);
        MemberId r = TestPolicies.receiverId(1);
        assertThat(h.ctxs.get(r).keyServerSilences).isEmpty();

        h.net.down(h.s::equals);
        h.run(46_000);
        List<Long> said = h.ctxs.get(r).keyServerSilences;
        assertThat(said).as("reported at each silence period, never taken back while the server is down")
                .hasSize(3).doesNotContain(-1L);
        assertThat(h.ctxs.get(r).keyServerSilentNow()).isTrue();
    }
}
