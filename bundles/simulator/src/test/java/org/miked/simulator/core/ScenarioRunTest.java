package org.miked.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.miked.simulator.Scenario;
import org.miked.simulator.Summary;

class ScenarioRunTest {
    private static Scenario small(long seed, double loss) {
        return new Scenario("small", 3, 60, loss, 20, 10, seed, "bd", "lkh", 4, 6, 6, 0.2, 40, 500, "sig");
    }

    @Test
    void smallGroupWithChurnLossAndEmconKeysEveryReceiver() {
        Summary s = new SimHarness().run(small(7, 0.05));
        assertThat(s.receivers()).isEqualTo(60);
        assertThat(s.departed()).isEqualTo(6);
        assertThat(s.departedStillServed()).as("every leave reached its key server").isZero();
        assertThat(s.emconReceivers()).isPositive();
        assertThat(s.receiversKeyed()).as(s.toTable()).isEqualTo(s.receivers());
        assertThat(s.emconKeyed()).isEqualTo(s.emconReceivers());
        assertThat(s.sendersKeyed()).isEqualTo(3);
        assertThat(s.emconPacketsSent()).isZero();
        assertThat(s.epochs()).as("joins and leaves renew the key").isGreaterThan(1);
        assertThat(s.ok()).isTrue();
    }

    /** Issue 3: every agreement protocol completes under 20% loss, here 30%, with churn and EMCON. */
    @ParameterizedTest
    @ValueSource(strings = {"bd", "gdh2", "gdh3"})
    void eightSendersAt30PercentLossAgreeOnceAndKeyEveryReceiver(String agreement) {
        Scenario s = new Scenario("lossy-" + agreement, 8, 300, 0.3, 20, 10, 1, agreement, "lkh", 4, 10, 10, 0.3, 90, 500,
                "sig");
        Summary sum = new SimHarness().run(s);
        assertThat(sum.ok()).as(sum.toTable()).isTrue();
        assertThat(sum.agreementRuns()).as("no member was wrongly declared silent").isEqualTo(1);
    }

    @Test
    void sameSeedSameSummary() {
        Summary a = new SimHarness().run(small(11, 0.1));
        Summary b = new SimHarness().run(small(11, 0.1));
        assertThat(withoutWall(a)).isEqualTo(withoutWall(b));
        Summary c = new SimHarness().run(small(12, 0.1));
        assertThat(c.keyFingerprint()).isNotEqualTo(a.keyFingerprint());
    }

    private static Summary withoutWall(Summary s) {
        return new Summary(s.scenario(), s.senders(), s.receivers(), s.receiversKeyed(), s.emconReceivers(), s.emconKeyed(),
                s.departed(), s.departedStillServed(), s.sendersKeyed(), s.epochs(), s.agreementRuns(), s.messages(), s.bytes(), s.deliveries(),
                s.dropped(), s.emconPacketsSent(), s.keyFingerprint(), s.simulatedSeconds(), 0);
    }
}
