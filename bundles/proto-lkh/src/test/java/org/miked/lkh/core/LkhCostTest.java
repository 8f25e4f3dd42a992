package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.lkh.wire.LkhCodec;
import org.miked.testkit.TestPolicies;

/** Issue 4: wrapped-key counts against the LKH formulas (Wong-Gouda-Lam; Li-Yang-Gouda-Lam batches). */
class LkhCostTest {
    private static final int N = 10_000;

    private static double log(int d, double x) {
        return Math.log(x) / Math.log(d);
    }

    /** A server with n members registered directly (no clients: the cost is the server's). */
    private static Harness server(int n, int d) {
        Harness h = new Harness(3, n + 10, i -> false, Map.of("lkh.degree", Integer.toString(d)));
        for (int i = 1; i <= n; i++) {
            h.server.onMessage(TestPolicies.receiverId(i), LkhCodec.register(new byte[32]));
        }
        h.rekey();
        return h;
    }

    @Test
    void leaveCostsAboutDTimesLogDnWraps() {
        Harness h = server(N, 4);
        assertThat(h.server.members()).hasSize(N);
        MemberId r = TestPolicies.receiverId(5_000);
        h.server.evict(r);
        h.rekey();
        var st = h.server.lastRekey();
        double formula = 4 * log(4, N);
        assertThat(st.leaves()).isEqualTo(1);
        assertThat(st.nodeWraps()).isLessThanOrEqualTo((int) (1.2 * formula)).isGreaterThanOrEqualTo((int) (0.8 * formula));
        assertThat(st.packets()).isEqualTo(1);
        assertThat(st.bytes()).isLessThanOrEqualTo(LkhParams.MAX_BODY);
        assertThat(h.server.members()).hasSize(N - 1).doesNotContain(r);
    }

    @Test
    void joinCostsAboutLogDnWraps() {
        Harness h = server(N, 4);
        h.server.evict(TestPolicies.receiverId(1));
        h.rekey();
        h.server.onMessage(TestPolicies.receiverId(N + 1), LkhCodec.register(new byte[32]));
        h.rekey();
        var st = h.server.lastRekey();
        assertThat(st.joins()).isEqualTo(1);
        assertThat(st.nodeWraps()).isLessThanOrEqualTo((int) Math.ceil(1.2 * log(4, N)))
                .isGreaterThanOrEqualTo((int) log(4, N));
        assertThat(st.unicastBytes()).isLessThan(500);
    }

    @Test
    void batchOfLeavesCostsAboutLTimesDTimesLogOfNOverL() {
        Harness h = server(N, 4);
        java.util.Random rnd = new java.util.Random(5);
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            ids.add(i);
        }
        java.util.Collections.shuffle(ids, rnd);
        int L = 100;
        for (int i = 0; i < L; i++) {
            h.server.evict(TestPolicies.receiverId(ids.get(i)));
        }
        h.rekey();
        var st = h.server.lastRekey();
        double formula = L * 4 * log(4, (double) N / L);
        assertThat(st.leaves()).isEqualTo(L);
        // the batch must be far cheaper than L separate leaves and near the formula
        assertThat(st.nodeWraps()).isLessThanOrEqualTo((int) (1.3 * formula)).isLessThan((int) (L * 4 * log(4, N)));
        assertThat(st.largest()).isLessThanOrEqualTo(LkhParams.MAX_BODY);
    }

    @Test
    void batchedJoinsAndLeavesReuseSlotsAndStayCheap() {
        Harness h = server(1_000, 4);
        for (int i = 1; i <= 10; i++) {
            h.server.evict(TestPolicies.receiverId(i * 50));
            h.server.onMessage(TestPolicies.receiverId(1_000 + i), LkhCodec.register(new byte[32]));
        }
        h.rekey();
        var st = h.server.lastRekey();
        assertThat(st.joins()).isEqualTo(10);
        assertThat(st.leaves()).isEqualTo(10);
        // joiners took the departed slots: the tree did not grow and the batch costs no more than the leaves
        assertThat(h.server.tree().height()).isEqualTo(5);
        assertThat(st.nodeWraps()).isLessThanOrEqualTo((int) (1.3 * 10 * 4 * log(4, 100)));
        assertThat(h.server.members()).hasSize(1_000);
    }
}
