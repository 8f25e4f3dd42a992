package org.miked.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.miked.simulator.Scenario;
import org.miked.simulator.ScenarioParser;
import org.miked.simulator.Summary;

/**
 * Issue 11's acceptance run, {@code scenarios/faults-paper.json}: 25 senders, 3,000 receivers (25% EMCON), the
 * paper's 30% loss and 120 + 0..80 ms delay, 120 joins and 120 leaves of which a fifth vanish without a LEAVE
 * (120 s leases), key server s03 crashed for good at 150 s and s07 crashed at 200 s and restarted 30 s later.
 * Every present receiver ends keyed (s03's by their backup), no departed receiver is served (silent ones
 * expired by lease), no EMCON receiver transmitted, and s07's receivers did not register again: it continued
 * its tree from its state record.
 */
class Issue11AcceptanceScenarioTest {
    @Test
    void twentyFiveSendersUnderThirtyPercentLossSurviveAServerLostForGoodAndOneRestarted() throws Exception {
        Scenario s = ScenarioParser.parse(Files.readString(Path.of("../../scenarios/faults-paper.json")));
        assertThat(s.senders()).isEqualTo(25);
        assertThat(s.loss()).isEqualTo(0.3);
        assertThat(s.faults().silentLeaves()).isEqualTo(0.2);
        assertThat(s.faults().crashes()).hasSize(2);

        Summary sum = new SimHarness().run(s);
        System.out.println(sum.toTable());

        assertThat(sum.crashes()).isEqualTo(2);
        assertThat(sum.restarts()).isEqualTo(1);
        assertThat(sum.receiversKeyed()).as(sum.toTable()).isEqualTo(sum.receivers()).isEqualTo(3000);
        assertThat(sum.departedStillServed()).as(sum.toTable()).isZero();
        assertThat(sum.departedSilently()).as("a fifth of the leaves were silent").isPositive();
        assertThat(sum.emconPacketsSent()).isZero();
        assertThat(sum.registrationsAfterRestart()).as("s07 continued its tree").isZero();
        assertThat(sum.receiversServedByBackup()).as("s03's receivers").isPositive();
        assertThat(sum.senders()).as("present: s03 crashed for good").isEqualTo(24);
        assertThat(sum.sendersKeyed()).isEqualTo(24);
        assertThat(sum.ok()).isTrue();
    }
}
