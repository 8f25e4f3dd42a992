package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miked.testkit.TestPolicies;

/** Issue 2: one key server serves 10,000 receivers. */
class LkhScaleTest {

    @Test
    void tenThousandReceiversGetEveryEpochKey() {
        Harness h = new Harness(1, 10_000, i -> i % 100 == 0, Map.of());
        long t0 = System.nanoTime();
        h.startAll(1, 10_000);
        h.run(100);
        assertThat(h.sctx.membershipChanges).isEqualTo(9_900);
        h.rekey();
        h.run(3_000);
        assertThat(h.lagging()).isEmpty();
        assertThat(h.server.members()).hasSize(10_000);
        assertThat(h.net.sentBy(TestPolicies.receiverId(100))).isZero();

        // one leave, one batch: every remaining receiver gets the next key from one packet
        h.leave(TestPolicies.receiverId(4321));
        h.run(100);
        h.rekey();
        h.run(2_000);
        assertThat(h.lagging()).isEmpty();
        assertThat(h.server.members()).hasSize(9_999);
        var st = h.server.lastRekey();
        assertThat(st.packets()).isEqualTo(1);
        assertThat(st.largest()).isLessThanOrEqualTo(1072);
        assertThat(h.net.largest()).isLessThanOrEqualTo(1072);
        System.out.printf("10,000 receivers: %d ms wall, leave rekey %s, messages %d, bytes %d%n",
                (System.nanoTime() - t0) / 1_000_000, st, h.net.messages(), h.net.bytes());
    }
}
