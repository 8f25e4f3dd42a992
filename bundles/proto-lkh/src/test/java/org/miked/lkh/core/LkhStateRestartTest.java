package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.protocol.EpochKey;
import org.miked.common.state.MemoryStateStore;
import org.miked.lkh.wire.LkhCodec;
import org.miked.testkit.TestContext;
import org.miked.testkit.TestPolicies;

/**
 * Issue 11, "state that survives a crash": a key server killed and started again from the same state store
 * continues the same tree. Its receivers do not register again, never see a rekey sequence go back, and the
 * first rekey after the restart gives every one of them, EMCON included, the new epoch key. Without a store
 * (the old code's behaviour) the same kill makes every registered receiver register again.
 */
class LkhStateRestartTest {
    private static final int N = 40;

    /** Every fifth receiver is in EMCON. */
    private static boolean emcon(int i) {
        return i % 5 == 0;
    }

    private static Harness keyed(long seed, org.miked.api.runtime.StateStore store) {
        Harness h = new Harness(seed, N + 1, LkhStateRestartTest::emcon, Map.of(),
                org.miked.api.policy.GroupPolicy.DEFAULT_LEASE_SECONDS, store);
        h.startAll(1, N);
        h.rekey();
        h.runGmf(8_000);
        // some churn before the crash, so the tree is not the initial one: one leave, one join
        h.leave(TestPolicies.receiverId(3));
        h.runGmf(5_000);
        assertThat(h.lagging()).as("keyed before the crash").isEmpty();
        return h;
    }

    private static long maxSeq(List<byte[]> bodies, int from, int to) {
        long max = -1;
        for (byte[] b : bodies.subList(from, to)) {
            long[] se = LkhCodec.peekSeqEpoch(b);
            if (se != null) {
                max = Math.max(max, se[0]);
            }
        }
        return max;
    }

    @Test
    void aRestartedKeyServerContinuesItsTreeAndNoReceiverRegistersAgain() throws Exception {
        MemoryStateStore store = new MemoryStateStore();
        Harness h = keyed(21, store);
        Set<MemberId> before = new TreeSet<>(h.server.members());
        long seqBefore = h.server.seq();
        long registeredBefore = h.counter("lkh.registered");
        Map<MemberId, Long> epochBefore = new HashMap<>();
        h.clients.forEach((r, c) -> epochBefore.put(r, c.epoch()));
        assertThat(store.get("lkh.g")).as("the record is written at each changing batch").isNotNull();

        TestContext second = h.restartServer(6_000); // down 6 s: receivers' refreshes and repairs go unanswered
        int multicastsBefore = h.multicasts.size(); // the killed one's last datagrams have arrived by now
        assertThat(second.counter("lkh.state.restored")).isEqualTo(1);
        assertThat(second.log).anyMatch(l -> l.contains("restored " + before.size() + " receivers from state record lkh.g"));
        // r00003 left before the crash; detached, it never heard its ack and still retransmits: the restarted
        // server acknowledges (its departure is in the record) instead of rejecting it as stale every 4 s
        assertThat(h.server.members()).as("the same receivers, before any rekey").isEqualTo(before);

        h.run(20_000); // longer than the receivers' silence detection: they ask for repairs before the first rekey
        EpochKey next = h.rekey();
        h.runGmf(8_000);

        assertThat(h.lagging()).as("every receiver holds the first epoch key after the restart").isEmpty();
        h.clients.forEach((r, c) -> assertThat(c.epoch()).as(r.id()).isEqualTo(next.epoch())
                .isGreaterThan(epochBefore.get(r)));
        assertThat(h.counter("lkh.registered")).as("no receiver registered again").isEqualTo(registeredBefore);
        assertThat(h.counter("lkh.reregister")).as("no REFUSE unknown").isZero();
        assertThat(second.counter("lkh.join")).as("the restarted server admitted no new registration").isZero();
        assertThat(second.counter("lkh.rejected.unknown")).isZero();
        assertThat(h.counter("lkh.server-restarted")).as("EMCON receivers did not start over").isZero();
        assertThat(maxSeq(h.multicasts, multicastsBefore, h.multicasts.size()))
                .as("every multicast after the restart is above every sequence before it")
                .isGreaterThan(seqBefore);
        long lowestAfter = Long.MAX_VALUE;
        for (byte[] b : h.multicasts.subList(multicastsBefore, h.multicasts.size())) {
            long[] se = LkhCodec.peekSeqEpoch(b);
            if (se != null) {
                lowestAfter = Math.min(lowestAfter, se[0]);
            }
        }
        assertThat(lowestAfter).as("no sequence goes back").isGreaterThan(seqBefore);
        assertThat(h.server.members()).isEqualTo(before);
        assertThat(second.counter("lkh.rejected.stale")).as(second.log.toString()).isZero();
        assertThat(second.counter("lkh.leave.reacked")).isPositive();

        // and the tree goes on as before: a leave and a join after the restart
        Map<String, byte[]> leaverKeys = h.clients.get(TestPolicies.receiverId(7)).heldKeys();
        h.leave(TestPolicies.receiverId(7));
        h.start(N + 1);
        int afterLeave = h.multicasts.size();
        h.runGmf(10_000);
        assertThat(h.lagging()).as(h.sctx.log + "\n" + h.ctxs.get(TestPolicies.receiverId(N + 1)).log).isEmpty();
        assertThat(h.server.members()).doesNotContain(TestPolicies.receiverId(7)).contains(TestPolicies.receiverId(N + 1));
        assertThat(Harness.assertNoKeyOpens(leaverKeys, h.multicasts.subList(afterLeave, h.multicasts.size())))
                .isPositive();
    }

    /** The real host's store: files, written atomically; the record says nothing in the clear but its group. */
    @Test
    void onARealHostTheRecordIsAFileThatNamesNoReceiverInTheClear(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var store = org.miked.common.state.FileStateStore.open(dir.resolve("s01"));
        Harness h = keyed(24, store);
        long registered = h.counter("lkh.registered");
        byte[] file = java.nio.file.Files.readAllBytes(dir.resolve("s01").resolve("lkh.g"));
        String clear = new String(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(clear).startsWith("MKST").doesNotContain("r000");
        TestContext second = h.restartServer(3_000);
        assertThat(second.counter("lkh.state.restored")).isEqualTo(1);
        h.run(5_000);
        h.rekey();
        h.runGmf(5_000);
        assertThat(h.lagging()).isEmpty();
        assertThat(h.counter("lkh.registered")).isEqualTo(registered);
    }

    @Test
    void withoutAStateStoreTheSameKillMakesItsReceiversRegisterAgain() {
        Harness h = keyed(21, org.miked.api.runtime.StateStore.NONE);
        long registeredBefore = h.counter("lkh.registered");
        TestContext second = h.restartServer(6_000);
        h.run(20_000);
        h.rekey();
        h.runGmf(20_000);
        assertThat(second.counter("lkh.state.restored")).isZero();
        assertThat(h.counter("lkh.reregister")).as("REFUSE unknown, then REGISTER").isPositive();
        assertThat(h.counter("lkh.registered") - registeredBefore).as("the registration storm").isPositive();
    }

    @Test
    void aLeaveTakenJustBeforeTheCrashIsNotLost() {
        MemoryStateStore store = new MemoryStateStore();
        Harness h = keyed(22, store);
        MemberId leaver = TestPolicies.receiverId(8);
        LkhClient c = h.clients.get(leaver);
        TestContext lctx = h.ctxs.get(leaver);
        c.leave();
        h.run(100); // the LEAVE reached the server, its batch has not run: no ack yet (the record still holds it)
        assertThat(lctx.counter("lkh.leave.acked")).isZero();
        h.restartServer(3_000);
        assertThat(h.server.members()).as("restored from the record before the leave").contains(leaver);
        h.run(10_000); // the leaver retransmits; the new incarnation takes it
        h.rekey();
        h.runGmf(5_000);
        assertThat(h.server.members()).doesNotContain(leaver);
        assertThat(lctx.counter("lkh.leave.acked")).as("acked once its removal was on record").isEqualTo(1);
        assertThat(c.leaving()).isFalse();
    }

    @Test
    void receiversThePolicyNoLongerAdmitsAreRemovedAtTheFirstBatchAfterTheRestart() throws Exception {
        MemoryStateStore store = new MemoryStateStore();
        Harness h = keyed(23, store);
        // the restarted host's policy excludes r00011 (normal) and no longer provisions r00010 (EMCON)
        MemberId normal = TestPolicies.receiverId(11);
        MemberId emconGone = TestPolicies.receiverId(10);
        var p = h.policies.sender(h.s);
        Map<MemberId, byte[]> individual = new HashMap<>(p.credentials().individualKeys());
        individual.remove(emconGone);
        var restricted = new org.miked.api.policy.GroupPolicy(p.group(), p.role(), p.dataAddress(), p.dataPort(),
                p.controlAddress(), p.controlPort(), p.rekeyAddresses(), p.senders(), p.keyServer(), p.agreement(),
                p.distribution(), p.auth(), p.rekeyAuth(), p.saSink(), p.params(), p.suite(), p.softLifetimeS(),
                p.hardLifetimeS(), p.rekeyBatchMillis(), p.agreementIntervalS(), p.emcon(), List.of(normal.id()),
                new org.miked.api.policy.Credentials(p.credentials().signingKey(), p.credentials().verifyKeys(),
                        individual)).withLeaseSeconds(p.leaseSeconds());
        h.net.detach(h.s);
        h.server.close();
        h.run(1_000); // the killed incarnation's datagrams in flight arrive
        TestContext second = new TestContext(restricted,
                new org.miked.testkit.TestRuntime(h.s, h.net.time(), 777).stateStore(store), h.net);
        h.sctx = second;
        h.server = new LkhServer(second);
        h.net.attach(h.s, org.miked.api.Role.SENDER, (from, body) -> h.server.onMessage(from, body));
        assertThat(second.membershipChanges).as("a batch is asked for at once").isPositive();
        Map<String, byte[]> goneKeys = new HashMap<>(h.clients.get(normal).heldKeys());
        goneKeys.putAll(h.clients.get(emconGone).heldKeys());
        int from = h.multicasts.size();
        h.rekey();
        h.run(5_000);
        assertThat(h.server.members()).doesNotContain(normal, emconGone);
        assertThat(Harness.assertNoKeyOpens(goneKeys, h.multicasts.subList(from, h.multicasts.size()))).isPositive();
        List<MemberId> lagging = new ArrayList<>(h.lagging());
        lagging.removeAll(List.of(normal, emconGone));
        assertThat(lagging).as("everyone else holds the new key").isEmpty();
    }
}
