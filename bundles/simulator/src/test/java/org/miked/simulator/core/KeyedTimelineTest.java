package org.miked.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.simulator.ScenarioParser;

class KeyedTimelineTest {
    private static final MemberId A = ScenarioPolicies.receiverId(1);
    private static final MemberId B = ScenarioPolicies.receiverId(2);

    /** Issue 11: the wait for a receiver's first key counts in the old figure only, a later gap in both. */
    @Test
    void theWaitAfterTheFirstKeyLeavesOutRegistrationAndCountsFromTheLatestOfEpochStartFirstKeyAndRejoin() {
        KeyedTimeline t = new KeyedTimeline();
        t.epochSeen(1, 0);
        t.sample(2_000, A, 0, 0); // registering: 2 s without any key
        t.sample(2_000, B, 1, 0);
        t.sample(10_000, A, 0, 0); // still registering at 10 s
        assertThat(t.longestMs()).isEqualTo(10_000);
        assertThat(t.longestAfterFirstKeyMs()).as("no receiver that had a key lacked one").isZero();

        t.epochSeen(2, 12_000);
        t.sample(12_000, A, 1, 0); // A's first key
        t.sample(14_000, A, 1, 0);
        t.sample(16_000, B, 1, 0);
        assertThat(t.longestAfterFirstKeyMs()).as("B since epoch 2 began").isEqualTo(4_000);
        // A restarted (re-joined) at 20 s, without keys: counted from the restart
        t.sample(22_000, A, 0, 20_000);
        assertThat(t.longestAfterFirstKeyMs()).isEqualTo(4_000);
        t.sample(26_000, A, 0, 20_000);
        assertThat(t.longestAfterFirstKeyMs()).isEqualTo(6_000);
        assertThat(t.longestMs()).as("the old figure keeps the first registration").isEqualTo(10_000);
    }

    /** The fault keys name hosts the way the simulator does. */
    @Test
    void faultKeysAcceptExactlyTheSimulatorsHostNames() {
        String ids = "\"" + ScenarioPolicies.senderId(3).id() + "\", \"" + ScenarioPolicies.receiverId(42).id() + "\"";
        var s = ScenarioParser.parse("{\"senders\": 3, \"receivers\": 42, \"partitions\": [{\"atS\": 1, \"durationS\": 1,"
                + " \"hosts\": [" + ids + "]}]}");
        assertThat(s.faults().partitions().get(0).hosts()).containsExactly("s03", "r000042");
    }
}
