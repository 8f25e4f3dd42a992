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
        assertThat(a.withoutWall()).isEqualTo(b.withoutWall());
        Summary c = new SimHarness().run(small(12, 0.1));
        assertThat(c.keyFingerprint()).isNotEqualTo(a.keyFingerprint());
    }

    /**
     * Identical work done once changes nothing: with an outsider forging rekeys and bits flipped in flight,
     * the run with shared verifications and derivations gives the same summary as the one where every host
     * does all its crypto, and the attacks were both made and rejected.
     */
    @Test
    void sharedCryptoGivesTheSameRunWithForgeriesAndBitFlipsInFlightOnAnyNumberOfThreads() {
        Scenario s = small(5, 0.05).withAttacks(0.02, 4);
        SimHarness sharing = new SimHarness();
        Summary shared = sharing.run(s);
        SimHarness alone = new SimHarness();
        alone.shareCrypto = false;
        Summary unshared = alone.run(s);
        SimHarness oneThread = new SimHarness();
        oneThread.cryptoAhead = false;
        Summary sharedOnOneThread = oneThread.run(s);

        assertThat(shared.withoutWall()).isEqualTo(unshared.withoutWall());
        assertThat(sharedOnOneThread.withoutWall()).as("same run on one thread").isEqualTo(shared.withoutWall());
        assertThat(oneThread.sharedCounts[2]).isZero();
        assertThat(shared.forged()).as("forgeries sent").isGreaterThan(50);
        assertThat(shared.corrupted()).as("copies with a flipped bit").isGreaterThan(50);
        assertThat(shared.authRejected()).as("forged and flipped datagrams rejected")
                .isGreaterThan(shared.forged());
        assertThat(shared.ok()).as(shared.toTable()).isTrue();
        assertThat(sharing.sharedCounts[0]).as("work answered from shared results").isPositive();
        assertThat(alone.sharedCounts).containsExactly(0, 0, 0);
    }

    /** Per-server rekey channels: a receiver gets its own key server's rekeys only, a fraction of the bytes. */
    @Test
    void perServerChannelsCutWhatEachReceiverReceives() {
        Scenario s = small(3, 0.05);
        Summary perServer = new SimHarness().run(s);
        Summary shared = new SimHarness().run(s.withRekeyChannels("shared"));
        assertThat(perServer.ok()).as(perServer.toTable()).isTrue();
        assertThat(shared.ok()).as(shared.toTable()).isTrue();
        // 3 key servers: a shared channel brings each receiver every server's rekeys
        assertThat(perServer.receiverBytesPerHour() * 2).isLessThan(shared.receiverBytesPerHour());
        assertThat(perServer.deliveries() * 2).isLessThan(shared.deliveries());
    }
}
