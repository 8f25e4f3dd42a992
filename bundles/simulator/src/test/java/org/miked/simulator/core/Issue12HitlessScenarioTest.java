package org.miked.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.miked.api.policy.KeyTiming;
import org.miked.simulator.Scenario;
import org.miked.simulator.ScenarioParser;
import org.miked.simulator.Summary;

/**
 * Issue 12's acceptance, in the simulator: {@code scenarios/hitless-loss05.json} and {@code hitless-loss30.json}
 * (25 senders, 1,000 receivers, 10% EMCON, 50 joins and 50 leaves, 5 application packets a second from every sender,
 * 200 s), each with the default key timing and with the senders switching at once ({@code *-at-once.json}: activation
 * delay 0, what the GMF did before issue 12). Measured with this build (README, "Hitless rekeys, measured"):
 *
 * <pre>
 *  loss  timing    dataKeyLossRatio                 departedDecrypted  joinerDecryptedEarlier
 *   5%   default   8.5e-4 (target 1e-4: not reached)        0                 0
 *  30%   default   6.9e-3 (target 1e-3: not reached)        0                 0
 *  30%   at once   8.3e-2                                 894               228
 * </pre>
 * With the senders switching at once a departed receiver reads what senders send until they learn the epoch, and a
 * key server that learns an epoch late admits a joiner into an epoch other senders already used: both counters are
 * positive. With the activation delay neither is.
 */
class Issue12HitlessScenarioTest {
    static Scenario scenario(String file) throws Exception {
        return ScenarioParser.parse(java.nio.file.Files.readString(java.nio.file.Path.of("../../scenarios/" + file)));
    }

    private static Summary run(Scenario s) {
        Summary sum = new SimHarness().run(s);
        System.out.println(sum.toTable());
        assertThat(sum.receiversKeyed()).as(sum.toTable()).isEqualTo(sum.receivers());
        assertThat(sum.departedStillServed()).as(sum.toTable()).isZero();
        assertThat(sum.dataDelivered()).as("the data plane ran").isGreaterThan(10_000_000L);
        return sum;
    }

    @Test
    void atFivePercentLossNoOneReadsWhatItMustNotAndTheLossStaysBelowTheMeasuredFigure() throws Exception {
        Summary def = run(scenario("hitless-loss05.json"));
        assertThat(def.departedDecrypted()).as(def.toTable()).isZero();
        assertThat(def.joinerDecryptedEarlier()).as(def.toTable()).isZero();
        assertThat(def.dataKeyLossRatio()).as(def.toTable()).isPositive().isLessThan(1.5e-3);
    }

    @Test
    void atThirtyPercentLossTheDefaultsLoseAFifthOfWhatSwitchingAtOnceLosesAndNoOneReadsWhatItMustNot() throws Exception {
        Summary def = run(scenario("hitless-loss30.json"));
        assertThat(def.departedDecrypted()).as(def.toTable()).isZero();
        assertThat(def.joinerDecryptedEarlier()).as(def.toTable()).isZero();
        assertThat(def.dataKeyLossRatio()).as(def.toTable()).isLessThan(1e-2);
        Scenario atOnce = scenario("hitless-loss30-at-once.json");
        assertThat(atOnce.timing()).isEqualTo(new KeyTiming(0, 10_000, 0));
        Summary once = run(atOnce);
        assertThat(once.dataKeyLossRatio()).as("switching at once").isGreaterThan(5 * def.dataKeyLossRatio());
        assertThat(once.departedDecrypted()).as("switching at once: read by departed receivers").isPositive();
        assertThat(once.joinerDecryptedEarlier()).as("switching at once: joiners read what was sent before").isPositive();
    }
}
