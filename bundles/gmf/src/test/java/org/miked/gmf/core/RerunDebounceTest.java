package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.sim.network.LinkModel;
import org.miked.testkit.TestPolicies;

/**
 * A debounced rerun that another run pre-empts must not block every later rerun: the coordinator cancelled
 * the pending rerun but kept its handle, and from then on ignored every sender that came back.
 */
class RerunDebounceTest {
    private static final MemberId S1 = TestPolicies.senderId(1);
    private static final MemberId S2 = TestPolicies.senderId(2);
    private static final MemberId S3 = TestPolicies.senderId(3);

    /** @return the virtual time (10 ms steps) at which the coordinator drops the silent s03 */
    private static long dropTime(GmfHarness h) {
        for (long t = 8_000; t < 60_000; t += 10) {
            h.net.runUntil(t);
            if (h.log.stream().anyMatch(l -> l.contains("senders silent") && l.contains(S3.id()))) {
                return t;
            }
        }
        throw new AssertionError("s01 never dropped the silent s03:\n" + h.describe());
    }

    private static GmfHarness threeSendersWithS3Down() {
        GmfHarness h = new GmfHarness(3, 6, LinkModel.of(0, 5, 5));
        h.startSenders();
        h.net.runUntil(8_000);
        assertThat(h.commonKey(h.policies.senders())).as(h.describe()).isNotNull();
        h.net.down(S3);
        return h;
    }

    @Test
    void aSenderThatComesBackIsIncludedAfterARerunWasPreemptedByADroppedSender() {
        long drop = dropTime(threeSendersWithS3Down());
        // the same run again, but s02 leaves just before s01 drops s03: its BYE arms the debounced rerun,
        // and the run without s03 starts while that rerun is pending
        GmfHarness h = threeSendersWithS3Down();
        h.net.runUntil(drop - 300);
        h.host(S2).leave(h.group);
        h.net.runUntil(drop + 5_000);
        assertThat(h.commonKey(List.of(S1))).as(h.describe()).isNotNull();
        assertThat(h.status(S1).senders()).as(h.describe()).isEqualTo(1);
        // s03 comes back: the coordinator must start a run that includes it
        h.net.up(S3);
        h.net.runUntil(drop + 40_000);
        assertThat(h.commonKey(List.of(S1, S3))).as(h.describe()).isNotNull();
        assertThat(h.status(S1).senders()).isEqualTo(2);
    }
}
