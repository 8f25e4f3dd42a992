package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.miked.api.MemberId;
import org.miked.api.protocol.EpochKey;
import org.miked.testkit.TestContext;
import org.miked.testkit.TestPolicies;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, past epoch keys: senders switch to an epoch an activation delay after it began, so a receiver that missed
 * its rekey but got the next one would lose what is sent under the missed epoch until the next switch. Each key message
 * carries the keys of the epochs superseded within the activation delay, under the current root; never of an epoch
 * before the newest one in which the server admitted a receiver (every holder of the root was a member then).
 */
class LkhPastEpochTest {
    private final Harness h = new Harness(31, 12, i -> false, Map.of("lkh.degree", "3"));

    private TestContext ctx(int i) {
        return h.ctxs.get(TestPolicies.receiverId(i));
    }

    @Test
    void aReceiverThatMissedARekeyGetsThatEpochsKeyWithTheNextOne() {
        h.startAll(1, 12);
        h.runGmf(5_000);
        h.rekey();
        h.run(2_000);
        assertThat(h.lagging()).isEmpty();
        MemberId x = TestPolicies.receiverId(3);
        h.net.down(r -> r.equals(x));
        EpochKey missed = h.rekey();
        h.run(1_000); // every copy of it lost for x
        assertThat(ctx(3).lastKey().epoch()).isLessThan(missed.epoch());
        h.net.down(r -> false);
        EpochKey next = h.rekey();
        h.run(500);
        assertThat(ctx(3).lastKey()).isEqualTo(next);
        assertThat(ctx(3).pastEpochKeys).as("the missed epoch's key came with the next rekey").contains(missed);
    }

    /**
     * The attack on backward secrecy: a joiner holds the current root, so any earlier epoch's key under it would be
     * its. Before the admission rule a joiner admitted in epoch j got the keys of the epochs before j with the next
     * rekeys (checked by removing the rule).
     */
    @Test
    void aJoinerNeverGetsTheKeyOfAnEpochBeforeItsAdmission() {
        h.startAll(1, 10);
        h.runGmf(5_000);
        EpochKey before1 = h.rekey();
        h.run(300);
        EpochKey before2 = h.rekey();
        h.run(300);
        h.start(11);
        h.runGmf(1_500); // admitted in the next batch
        long admitted = ctx(11).lastKey().epoch();
        assertThat(admitted).isGreaterThan(before2.epoch());
        h.rekey();
        h.run(300);
        h.rekey();
        h.run(1_000);
        assertThat(ctx(11).pastEpochKeys).isNotEmpty(); // epochs since its admission do come
        for (EpochKey k : ctx(11).pastEpochKeys) {
            assertThat(k.epoch()).as("joiner got epoch " + k.epoch()).isGreaterThanOrEqualTo(admitted);
        }
        assertThat(ctx(11).pastEpochKeys).doesNotContain(before1, before2);
        assertThat(ctx(1).pastEpochKeys).as("a member since the start, before the admission").contains(before1);
        assertThat(ctx(1).pastEpochKeys).as("after it, no epoch before it, for anyone (one root for all)")
                .doesNotContain(before2);
    }
}
