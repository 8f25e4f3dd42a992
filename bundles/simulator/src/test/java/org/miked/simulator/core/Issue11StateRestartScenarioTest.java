package org.miked.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.miked.simulator.Scenario;
import org.miked.simulator.ScenarioParser;
import org.miked.simulator.Summary;

/**
 * Issue 11, "the restarted server's receivers do not register again", on {@code scenarios/faults-small.json}
 * (5 senders, 300 receivers, s02 killed at 10 s and back at 18 s, a receiver crashed for good, one restarted,
 * a partition, silent leaves). Before the key server's state record the summary counted 56 registrations after
 * the restart; the built-in scenario's summary is printed for comparison across versions.
 */
class Issue11StateRestartScenarioTest {
    @Test
    void faultsSmallRestartedKeyServerKeepsItsReceivers() throws Exception {
        Path file = Path.of("../../scenarios/faults-small.json");
        Scenario sc = ScenarioParser.parse(Files.readString(file), "faults-small");
        Summary s = new SimHarness().run(sc);
        System.out.println(s.toTable());
        assertThat(s.restarts()).isEqualTo(2);
        assertThat(s.registrationsAfterRestart()).as(s.toTable()).isZero();
        assertThat(s.receiversKeyed()).as(s.toTable()).isEqualTo(s.receivers());
        assertThat(s.emconPacketsSent()).isZero();
    }

    @Test
    void builtInScenarioSummary() {
        Summary s = new SimHarness().run(Scenario.DEFAULT);
        System.out.println(s.withoutWall().toTable());
        assertThat(s.ok()).as(s.toTable()).isTrue();
    }
}
