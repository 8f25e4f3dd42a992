package org.miked.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.miked.simulator.Crash;
import org.miked.simulator.Faults;
import org.miked.simulator.Scenario;
import org.miked.simulator.Summary;

/**
 * Issue 11, key-server failover in the simulator: 5 senders, 300 receivers (10% EMCON), 20% loss, churn, and
 * key server s03 crashed for good at 40 s. Its receivers are served by their backup (the next sender, s04) by
 * the end: all keyed, some by a backup, no EMCON transmission, no departed receiver served anywhere.
 */
class Issue11FailoverSimTest {
    @Test
    void aKeyServerCrashedForGoodHasItsReceiversKeyedByTheirBackup() throws Exception {
        Faults f = new Faults(List.of(new Crash(40, "s03", OptionalDouble.empty())), List.of(), 0);
        Scenario s = new Scenario("failover-small", 5, 300, 0.2, 20, 10, 11, "bd", "lkh", 4, 10, 10, 0.1, 180, 1000, "sig",
                "per-server", 0, 0, f);
        Scenario file = org.miked.simulator.ScenarioParser.parse(java.nio.file.Files.readString(
                java.nio.file.Path.of("../../scenarios/failover-small.json")));
        assertThat(file).as("scenarios/failover-small.json is this scenario").isEqualTo(s);
        Summary sum = new SimHarness().run(s);
        System.out.println(sum.toTable());

        assertThat(sum.crashes()).isEqualTo(1);
        assertThat(sum.receiversKeyed()).as(sum.toTable()).isEqualTo(sum.receivers());
        assertThat(sum.receiversServedByBackup()).as("s03's receivers, at s04").isEqualTo(60);
        assertThat(sum.emconPacketsSent()).isZero();
        assertThat(sum.departedStillServed()).isZero();
        assertThat(sum.senders()).as("present: s03 crashed for good").isEqualTo(4);
        assertThat(sum.sendersKeyed()).isEqualTo(4);
        assertThat(sum.ok()).isTrue();
        assertThat(sum.maxSecondsUnkeyed()).as("s03's receivers: crash at 40 s, keyed by s04 within 45 s")
                .isLessThanOrEqualTo(45); // 32 s measured
    }
}
