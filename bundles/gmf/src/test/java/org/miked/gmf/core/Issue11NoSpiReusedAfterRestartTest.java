package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.sa.Msa;
import org.miked.testkit.TestPolicies;

/**
 * Issue 11: "no SPI is ever reused" across a SIGKILL and restart of a key server. The restarted sender starts
 * a new run (a fresh sender secret, so its keys are new whatever the SPIs) above the epoch its mark says it
 * held; its first epoch used to come from the clock, which may have the same low 12 bits (the SPIs' top bits,
 * {@link MsaDeriver}) as an epoch the killed incarnation held, whose MSAs receivers still hold for the grace
 * period: then only 20 random bits kept an SPI from repeating (at every member's kernel, a create-exclusive
 * install of a second SA with that SPI and destination fails). Now the first epoch is moved up to the low bits
 * that follow the held epoch's, so old and new epochs less than 4,095 apart never share an SPI.
 */
class Issue11NoSpiReusedAfterRestartTest {
    private final TestPolicies policies = new TestPolicies("trial", 25, 5);
    private final GroupPolicy p = policies.sender(TestPolicies.senderId(1));
    private static final long HELD = 1_796_159_549_400L; // a clock-chosen epoch, as the kernel e2e saw one

    private static int epochBits(long epoch) {
        return (int) (epoch & ((1 << MsaDeriver.EPOCH_SPI_BITS) - 1));
    }

    @Test
    void theFirstEpochAfterARestartIsAboveTheMarkAndTheClockAndFollowsTheMarksLowBits() {
        Random r = new Random(11);
        for (int trial = 0; trial < 20_000; trial++) {
            long now = trial % 3 == 0 ? HELD + 4096L * (1 + r.nextInt(100_000)) // the clock lands on HELD's low bits
                    : trial % 3 == 1 ? HELD - r.nextInt(1 << 30) // the clock was stepped back
                    : HELD + 1 + r.nextInt(1 << 30);
            EpochChain c = new EpochChain(p.group());
            c.heldBefore(HELD);
            long base = c.nextBase(null, now);
            long plain = Math.max(now, HELD + 1);
            if (base < plain || base >= plain + 4096 || epochBits(base) != epochBits(HELD + 1)) {
                throw new AssertionError("now " + now + ": base " + base + " is not the first epoch >= " + plain
                        + " with the low bits of " + (HELD + 1));
            }
            // so new epoch base + j and old epoch HELD - k never share the SPIs' epoch bits while j + k < 4095
            for (int j = 0; j < 8; j++) {
                for (int k = 0; k < 8; k++) {
                    if (epochBits(base + j) == epochBits(HELD - k)) {
                        throw new AssertionError("now " + now + ": epoch " + (base + j) + " has the low bits of " + (HELD - k));
                    }
                }
            }
        }
        EpochChain fresh = new EpochChain(p.group());
        assertThat(fresh.nextBase(null, HELD + 4096)).as("no mark: the clock, unchanged").isEqualTo(HELD + 4096);
        EpochChain running = new EpochChain(p.group());
        running.heldBefore(HELD);
        assertThat(running.nextBase(new org.miked.api.protocol.EpochKey(HELD + 7, new byte[32]), HELD + 4096 * 3))
                .as("a running sender's next run follows its current epoch").isEqualTo(HELD + 8);
    }

    @Test
    void aRestartedKeyServerNeverInstallsAnSpiItsKilledIncarnationsLastEpochsUsed() {
        Random secrets = new Random(2011);
        byte[] killedSecret = new byte[32];
        secrets.nextBytes(killedSecret);
        Set<Integer> killed = new HashSet<>();
        for (long e = HELD - 3; e <= HELD; e++) { // the epochs members may still hold when the server restarts
            for (Msa m : MsaDeriver.derive(p, TestPolicies.senderId(1), EpochKeys.derive(killedSecret, p.group(), e))) {
                killed.add(m.id().spi());
            }
        }
        int oldRuleCollisions = 0;
        int restarts = 0;
        for (int restart = 0; restart < 10_000 && (oldRuleCollisions == 0 || restart < 300); restart++) {
            restarts++;
            byte[] secret = new byte[32];
            secrets.nextBytes(secret);
            long now = HELD + 4096L * (1 + restart); // clocks that land on HELD's low bits
            // the old rule: the clock (above the mark)
            EpochChain old = new EpochChain(p.group());
            old.seen(HELD);
            long oldBase = old.nextBase(null, now);
            boolean repeated = false;
            for (Msa m : MsaDeriver.derive(p, TestPolicies.senderId(1), EpochKeys.derive(secret, p.group(), oldBase))) {
                repeated |= killed.contains(m.id().spi());
            }
            oldRuleCollisions += repeated ? 1 : 0;
            if (restart >= 300 && !repeated) {
                continue; // the rule now is checked on the first 300 restarts and on every one the old rule failed
            }
            EpochChain c = new EpochChain(p.group());
            c.heldBefore(HELD);
            long base = c.nextBase(null, now);
            for (long e = base; e < base + 2; e++) {
                for (Msa m : MsaDeriver.derive(p, TestPolicies.senderId(1), EpochKeys.derive(secret, p.group(), e))) {
                    assertThat(killed).as("restart %d: SPI %08x of epoch %d", restart, m.id().spi(), e)
                            .doesNotContain(m.id().spi());
                }
            }
        }
        // what the old rule did with these seeds: an SPI the killed incarnation's last epoch had, again
        assertThat(oldRuleCollisions).as("old-rule repeats in %d restarts", restarts).isPositive();
        System.out.println("old rule: " + oldRuleCollisions + " repeated SPIs in " + restarts + " restarts; new rule: none");
    }
}
