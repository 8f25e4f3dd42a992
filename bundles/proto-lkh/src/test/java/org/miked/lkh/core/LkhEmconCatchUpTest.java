package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.testkit.TestPolicies;

/**
 * An EMCON receiver that misses a rekey, its repair rounds and the fast carousel cycles (here: out of
 * range for all of them) must still catch up while the group stays quiet. Before the idle carousel it
 * waited for the next rekey, which in a quiet group may never come: the paper's hour at 30% loss ended
 * with receivers unkeyed for the whole second half.
 */
class LkhEmconCatchUpTest {
    private static final MemberId LATE = TestPolicies.receiverId(3);

    private static Harness quietGroupWithOneEmconReceiverAway(String idleMillis) {
        Harness h = new Harness(5, 40, i -> i % 4 == 3, Map.of("lkh.carouselIdleMillis", idleMillis));
        h.startAll(1, 40);
        h.rekey();
        h.runGmf(10_000); // registrations, and the rekeys they cause
        assertThat(h.lagging()).as("everyone keyed before the rekey it will miss").isEmpty();
        Set<MemberId> away = Set.of(LATE);
        h.net.down(away::contains);
        h.rekey();
        // out of range for the rekey, its repeats, the repair rounds and the three fast carousel cycles
        h.run(60_000);
        h.net.down(m -> false);
        return h;
    }

    @Test
    void aReceiverThatMissedEveryFastRepairCatchesUpFromTheIdleCarousel() {
        Harness h = quietGroupWithOneEmconReceiverAway("5000");
        assertThat(h.lagging()).containsExactly(LATE);
        h.run(120_000); // at most one idle cycle: 10 EMCON leaves in a few packets, one per 5 s
        assertThat(h.lagging()).as("caught up without another rekey").isEmpty();
        assertThat(h.net.sentBy(LATE)).as("in EMCON").isZero();
    }

    @Test
    void withoutTheIdleCarouselItWaitsForTheNextRekey() {
        Harness h = quietGroupWithOneEmconReceiverAway("0");
        h.run(120_000);
        assertThat(h.lagging()).as("the old behaviour: stuck until the next rekey").containsExactly(LATE);
    }
}
