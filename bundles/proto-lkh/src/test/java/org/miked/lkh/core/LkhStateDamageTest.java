package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.miked.api.policy.GroupPolicy;
import org.miked.common.state.MemoryStateStore;
import org.miked.lkh.state.StateSealer;
import org.miked.testkit.TestContext;
import org.miked.testkit.TestPolicies;
import org.miked.testkit.TestRuntime;

/**
 * Issue 11: a damaged state record (a flipped byte, truncated, another group's, sealed under another key) is
 * reported by name, in one log line and a counter, never stops the key server, and nothing of it is used:
 * the server starts a fresh tree and its receivers register again, as they did before there was a record.
 */
class LkhStateDamageTest {
    private static final int N = 12;

    /** A keyed group whose server wrote its record; the record is then damaged and the server restarted. */
    private static Harness damagedRestart(UnaryOperator<byte[]> damage, String expectedCounter) {
        MemoryStateStore store = new MemoryStateStore();
        Harness h = new Harness(31, N, i -> i % 4 == 0, Map.of(), GroupPolicy.DEFAULT_LEASE_SECONDS, store);
        h.startAll(1, N);
        h.rekey();
        h.runGmf(8_000);
        assertThat(h.lagging()).isEmpty();
        byte[] good = store.get("lkh.g");
        assertThat(good).isNotNull();
        store.put("lkh.g", damage.apply(good.clone()));
        long registered = h.counter("lkh.registered");
        TestContext second = h.restartServer(2_000);
        assertThat(second.counter("lkh.state.rejected." + expectedCounter)).as(second.log.toString()).isEqualTo(1);
        assertThat(second.counter("lkh.state.restored")).isZero();
        assertThat(second.log.stream().filter(l -> l.contains("state record lkh.g rejected (" + expectedCounter + ")")))
                .as("one line naming the record and the damage").hasSize(1);
        assertThat(store.get("lkh.g.damaged")).as("kept for a look").isNotNull();
        assertThat(h.server.members()).as("a fresh tree").isEmpty();
        // the fresh tree works: receivers register again (the old behaviour), EMCON ones start over, all keyed
        h.run(20_000);
        h.rekey();
        h.runGmf(30_000);
        assertThat(h.lagging()).as(second.log.toString()).isEmpty();
        assertThat(h.counter("lkh.registered")).isGreaterThan(registered);
        assertThat(store.get("lkh.g")).as("replaced by the fresh tree's record").isNotEqualTo(good);
        return h;
    }

    @Test
    void aFlippedByteIsCorrupt() {
        damagedRestart(b -> {
            b[b.length / 2] ^= 0x10;
            return b;
        }, "corrupt");
    }

    @Test
    void aFlippedTagByteIsCorrupt() {
        damagedRestart(b -> {
            b[b.length - 1] ^= 1;
            return b;
        }, "corrupt");
    }

    @Test
    void aTruncatedRecordIsTruncated() {
        damagedRestart(b -> Arrays.copyOf(b, b.length - 100), "truncated");
    }

    @Test
    void aRecordCutInsideItsHeaderIsTruncated() {
        damagedRestart(b -> Arrays.copyOf(b, 9), "truncated");
    }

    @Test
    void anEmptyFileIsTruncated() {
        damagedRestart(b -> new byte[0], "truncated");
    }

    @Test
    void somethingElseIsNotARecord() {
        damagedRestart(b -> "epoch 12\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "not-a-record");
    }

    @Test
    void aRecordOfAnotherFormatVersionIsNamed() {
        damagedRestart(b -> {
            b[4] = 9;
            return b;
        }, "format");
    }

    @Test
    void aRecordSealedUnderAnotherKeyIsWrongKey() {
        // the same group and server, but the signing key of another policy (another seed): a changed key
        TestPolicies other = new TestPolicies("g", 1, 999);
        byte[] otherKey = other.sender(TestPolicies.senderId(1)).credentials().signingKey();
        damagedRestart(b -> new StateSealer(org.miked.api.GroupId.of("g"), TestPolicies.senderId(1), otherKey,
                org.miked.common.crypto.Randoms.deterministic(1, "n")).seal(new byte[64]), "wrong-key");
    }

    /** Group A's record put where group B keeps its own: B does not take it. */
    @Test
    void aRecordOfGroupAIsNotAcceptedForGroupB() throws Exception {
        MemoryStateStore storeA = new MemoryStateStore();
        Harness a = new Harness(41, N, i -> false, Map.of(), GroupPolicy.DEFAULT_LEASE_SECONDS, storeA);
        a.startAll(1, N);
        a.rekey();
        a.runGmf(8_000);
        byte[] recordA = storeA.get("lkh.g");

        // group "h", same host, same signing key (policies from the same seed): only the group differs
        TestPolicies pb = new TestPolicies("h", 1, 41);
        for (int i = 1; i <= N; i++) {
            pb.key(TestPolicies.receiverId(i));
        }
        GroupPolicy b = pb.sender(TestPolicies.senderId(1));
        assertThat(b.credentials().signingKey()).isEqualTo(a.policies.sender(a.s).credentials().signingKey());
        MemoryStateStore storeB = new MemoryStateStore();
        storeB.put("lkh.h", recordA);
        TestContext cb = new TestContext(b, new TestRuntime(a.s, a.net.time(), 5).stateStore(storeB), a.net);
        LkhServer serverB = new LkhServer(cb);
        assertThat(cb.counter("lkh.state.rejected.foreign")).isEqualTo(1);
        assertThat(cb.log).anyMatch(l -> l.contains("state record lkh.h rejected (foreign): written for group g"));
        assertThat(serverB.members()).isEmpty();

        // an attacker who also rewrites the clear group name gets no further: the key and the AD name the group
        byte[] relabelled = recordA.clone();
        int at = 6; // magic (4), format (1), group length (1): the group name "g"
        assertThat(relabelled[at]).isEqualTo((byte) 'g');
        relabelled[at] = 'h';
        storeB.put("lkh.h", relabelled);
        TestContext cb2 = new TestContext(b, new TestRuntime(a.s, a.net.time(), 6).stateStore(storeB), a.net);
        LkhServer serverB2 = new LkhServer(cb2);
        assertThat(cb2.counter("lkh.state.rejected.wrong-key")).isEqualTo(1);
        assertThat(serverB2.members()).isEmpty();
        serverB.close();
        serverB2.close();
    }

    @Test
    void aRecordOfAnotherTreeDegreeIsAMismatch() {
        MemoryStateStore store = new MemoryStateStore();
        Harness h = new Harness(51, N, i -> false, Map.of(), GroupPolicy.DEFAULT_LEASE_SECONDS, store);
        h.startAll(1, N);
        h.rekey();
        h.runGmf(8_000);
        h.policies.param("lkh.degree", "2");
        TestContext c = new TestContext(h.policies.sender(h.s), new TestRuntime(h.s, h.net.time(), 3).stateStore(store),
                h.net);
        LkhServer s = new LkhServer(c);
        assertThat(c.counter("lkh.state.rejected.mismatch")).isEqualTo(1);
        assertThat(c.log).anyMatch(l -> l.contains("a tree of degree 4, the policy's lkh.degree is 2"));
        assertThat(s.members()).isEmpty();
        s.close();
    }
}
