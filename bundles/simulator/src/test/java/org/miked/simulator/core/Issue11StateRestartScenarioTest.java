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
        assertThat(s.departedStillServed()).as("its six silent leavers, within the 600 s lease").isEqualTo(6);
        Summary leased = new SimHarness().run(sc.withLease(20));
        assertThat(leased.departedStillServed()).as("a 20 s lease: out before the end, restored leases too: "
                + leased.toTable()).isZero();
        assertThat(leased.registrationsAfterRestart()).isZero();
        assertThat(leased.receiversKeyed()).isEqualTo(leased.receivers());
    }

    /**
     * The built-in scenario: its summary, and how often its key servers wrote their state record against how
     * often they rekeyed (a rekey that changed nothing at a server writes nothing).
     */
    @Test
    void builtInScenarioSummaryAndStateWrites() {
        SimHarness h = new SimHarness();
        long[] writesAndRekeys = new long[2];
        h.setup = n -> n.schedule(Scenario.DEFAULT.durationS() * 1000 - 1, () -> {
            for (var s : new ScenarioPolicies(Scenario.DEFAULT).senders()) {
                for (var gm : h.made.getOrDefault(s, java.util.List.of())) {
                    var c = gm.status(ScenarioPolicies.GROUP).map(st -> st.counters()).orElse(java.util.Map.of());
                    writesAndRekeys[0] += c.getOrDefault("lkh.state.written", 0L);
                    writesAndRekeys[1] += c.getOrDefault("rekeys", 0L);
                }
            }
        });
        Summary s = h.run(Scenario.DEFAULT);
        System.out.println(s.withoutWall().toTable());
        System.out.println("state records written " + writesAndRekeys[0] + " in " + writesAndRekeys[1] + " rekeys");
        assertThat(s.ok()).as(s.toTable()).isTrue();
        assertThat(writesAndRekeys[0]).as("at most one write per batch").isPositive().isLessThanOrEqualTo(writesAndRekeys[1]);
    }
}
