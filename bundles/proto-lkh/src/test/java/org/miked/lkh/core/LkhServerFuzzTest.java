package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;
import org.miked.testkit.FuzzBodies;
import org.miked.api.MemberId;
import org.miked.testkit.TestPolicies;

/**
 * Coverage-guided fuzzing of {@link LkhServer} fed hostile bodies from one of its own receivers, r00003,
 * whose signature checked out (a malicious member; docs/fuzzing.md). The input is up to 8 bodies
 * ({@link FuzzBodies}) sent while the group of 4 is keyed.
 *
 * <p>Invariants: no exception escapes {@code onMessage}; whatever r00003 sends, the other three stay members
 * (it can only make itself leave) and, after the batch rekey the GMF runs and one more, hold the current
 * epoch key.
 */
class LkhServerFuzzTest {
    static final MemberId HOSTILE = TestPolicies.receiverId(3);
    static final List<MemberId> HONEST = List.of(TestPolicies.receiverId(1), TestPolicies.receiverId(2),
            TestPolicies.receiverId(4));

    @FuzzTest
    void hostileReceiverBodies(byte[] data) {
        Harness h = new Harness(6, 4, i -> false, Map.of());
        h.startAll(1, 4);
        h.run(50);
        h.rekey();
        h.run(1_000);
        assertThat(h.lagging()).isEmpty();
        for (byte[] body : FuzzBodies.split(data)) {
            h.server.onMessage(HOSTILE, body);
            h.run(10);
        }
        h.runGmf(3_000);
        h.rekey();
        h.run(3_000);
        assertThat(h.server.members()).containsAll(HONEST);
        for (MemberId r : HONEST) {
            assertThat(h.ctxs.get(r).lastKey()).as(r + " after the hostile bodies").isEqualTo(h.current);
        }
    }
}
