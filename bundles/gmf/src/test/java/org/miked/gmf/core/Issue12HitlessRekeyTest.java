package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.miked.api.MemberId;
import org.miked.api.policy.KeyTiming;
import org.miked.api.sa.Msa;
import org.miked.gmf.wire.Control;
import org.miked.sim.network.Link;
import org.miked.sim.network.LinkModel;
import org.miked.testkit.TestPolicies;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, hitless rekeys: a sender switches to a new epoch's outbound MSA only after the activation delay (the
 * kernel sends with the newest outbound SA, so the install is the switch), at the time the sender that chose the
 * epoch set, never beyond its own longest delay; receivers keep old inbound MSAs until no sender can use them;
 * a lifetime renewal is distributed a lead ahead of its use.
 */
class Issue12HitlessRekeyTest {
    static final MemberId S1 = TestPolicies.senderId(1);
    static final MemberId S2 = TestPolicies.senderId(2);
    static final MemberId S3 = TestPolicies.senderId(3);

    private static GmfHarness harness(int senders, long seed, LinkModel links, KeyTiming t) {
        GmfHarness h = new GmfHarness(senders, seed, links);
        h.policies.timing(t);
        return h;
    }

    private static long sendingEpoch(GmfHarness h, MemberId s) {
        return h.host(s).sending(h.group).map(Msa::epoch).orElse(-1L);
    }

    /** Runs in 10 ms steps until the sender's epoch is past {@code epoch}; @return when it entered the new one. */
    private static long untilEpochAfter(GmfHarness h, MemberId s, long epoch) {
        long limit = h.net.now() + 60_000;
        while (h.status(s).epoch() == epoch && h.net.now() < limit) {
            h.net.runUntil(h.net.now() + 10);
        }
        assertThat(h.status(s).epoch()).as(h.describe()).isGreaterThan(epoch);
        return h.host(s).epochEnteredAt(h.group).orElseThrow();
    }

    /**
     * The problem the issue names, seen: before issue 12 a sender installed its new outbound MSA the moment it entered
     * the epoch, before the rekey even left, and Linux sends with the newest: receivers without the key lose packets.
     */
    @Test
    void aSenderSwitchesOnlyAfterTheActivationDelayWhenItsReceiversHoldTheKey() {
        KeyTiming t = new KeyTiming(3_000, 4_000, 10_000);
        GmfHarness h = harness(2, 7, LinkModel.of(0, 20, 0), t);
        List<MemberId> rs = h.startAndRun(6, 0, 15_000);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
        Msa before = h.host(S1).sending(h.group).orElseThrow();
        long e0 = h.status(S1).epoch();
        assertThat(before.epoch()).isEqualTo(e0);
        MemberId leaver = rs.get(0); // served by s01
        h.host(leaver).leave(h.group);
        long entered = untilEpochAfter(h, S1, e0);
        long e1 = h.status(S1).epoch();
        assertThat(sendingEpoch(h, S1)).as("right after the rekey began: still the old outbound MSA").isEqualTo(e0);
        h.net.runUntil(entered + 2_000);
        List<MemberId> stay = rs.subList(1, rs.size());
        for (MemberId r : stay) {
            assertThat(h.status(r).epoch()).as(r + " holds the new key before the switch").isEqualTo(e1);
        }
        assertThat(sendingEpoch(h, S1)).isEqualTo(e0);
        assertThat(sendingEpoch(h, S2)).isEqualTo(e0);
        h.net.runUntil(entered + t.activationDelayMillis() + 1);
        Msa now1 = h.host(S1).sending(h.group).orElseThrow();
        Msa now2 = h.host(S2).sending(h.group).orElseThrow();
        assertThat(now1.epoch()).as("s01 switched at the activation delay").isEqualTo(e1);
        assertThat(now2.epoch()).as("s02 at the same time (the EPOCH carried the switch time)").isEqualTo(e1);
        for (MemberId r : stay) {
            for (Msa out : List.of(now1, now2)) {
                Msa in = h.host(r).installed(h.group, out.id()).orElseThrow();
                assertThat(in.encryptionKey()).isEqualTo(out.encryptionKey());
            }
            assertThat(h.host(r).installed(h.group, before.id())).as("the old inbound MSA stays").isPresent();
        }
        assertThat(h.host(leaver).msas(h.group)).isEmpty();
        long w = t.switchAfterMillis(false) + t.deactivationDelayMillis();
        h.net.runUntil(entered + w - 100);
        assertThat(h.host(stay.get(0)).installed(h.group, before.id())).as("kept until no sender can use it").isPresent();
        h.net.runUntil(entered + w + EpochSwitches.RETIRE_STEP_MS + 100);
        assertThat(h.host(stay.get(0)).installed(h.group, before.id())).isEmpty();
        assertThat(h.host(S1).installed(h.group, before.id())).as("the sender's old outbound MSA too").isEmpty();
        assertThat(h.status(S1).counters().get("epoch.switched")).isPositive();
    }

    /** A policy may ask for the old behaviour: switch at once. */
    @Test
    void activationDelayZeroSwitchesAtOnce() {
        GmfHarness h = harness(2, 7, LinkModel.of(0, 20, 0), KeyTiming.IMMEDIATE);
        List<MemberId> rs = h.startAndRun(4, 0, 15_000);
        long e0 = h.status(S1).epoch();
        h.host(rs.get(0)).leave(h.group);
        untilEpochAfter(h, S1, e0);
        assertThat(sendingEpoch(h, S1)).isEqualTo(h.status(S1).epoch());
    }

    /**
     * A departed member reads for at most the activation delay after its key server processed the departure, also
     * from a sender that learned the epoch late: that sender switches at the time the chooser set, not an activation
     * delay after it learned. Here s02 hears nothing from s01 while the rekey happens and learns the epoch from s03's
     * HELLO, more than 100 ms late; with a switch time relative to its own entry it would have sent under the old key
     * for that much longer.
     */
    @Test
    void aSenderThatLearnsTheEpochLateStillSwitchesAtTheChoosersTime() {
        KeyTiming t = new KeyTiming(3_000, 4_000, 10_000);
        LinkModel links = LinkModel.of(0, 20, 0);
        GmfHarness h = harness(3, 11, links, t);
        List<MemberId> rs = h.startAndRun(6, 0, 15_000);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
        long e0 = h.status(S1).epoch();
        links.link(S1, S2, Link.of(1.0, 20, 0)); // s02 misses s01's EPOCH and HELLOs
        h.host(rs.get(0)).leave(h.group);
        long entered = untilEpochAfter(h, S1, e0);
        long e1 = h.status(S1).epoch();
        h.net.runUntil(entered + t.activationDelayMillis() - 1);
        assertThat(h.status(S2).epoch()).as("s02 learned the epoch (from s03)").isEqualTo(e1);
        long learned = h.host(S2).epochEnteredAt(h.group).orElseThrow();
        assertThat(learned - entered).as("late").isGreaterThan(100);
        assertThat(sendingEpoch(h, S2)).isEqualTo(e0);
        h.net.runUntil(entered + t.activationDelayMillis());
        assertThat(sendingEpoch(h, S1)).isEqualTo(e1);
        assertThat(sendingEpoch(h, S2)).as("at the chooser's switch time").isEqualTo(e1);
        links.link(S1, S2, Link.of(0, 20, 0));
    }

    /**
     * A sender cut off while two epochs began learns only the second, whose own switch is a second later than the
     * first's. It must still stop sending under its old epoch when the first switches (that one excluded a departed
     * receiver): HELLO carries the other's next switch and the epoch it sends under, not the newest epoch's switch.
     * Found by the data plane's departed-receiver adversary (issue 12): with the newest epoch's switch time the cut-off
     * sender went on under the old key for that second.
     */
    @Test
    void aSenderThatMissedTwoEpochsSwitchesNoLaterThanTheFirstOfThem() {
        KeyTiming t = new KeyTiming(6_000, 4_000, 10_000);
        LinkModel links = LinkModel.of(0, 20, 0);
        GmfHarness h = harness(3, 19, links, t);
        List<MemberId> rs = h.startAndRun(9, 0, 15_000);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
        long c = h.status(S2).epoch();
        links.link(S1, S2, Link.of(1.0, 20, 0)).link(S3, S2, Link.of(1.0, 20, 0));
        h.host(rs.get(0)).leave(h.group); // served by s01
        long first = untilEpochAfter(h, S1, c);
        long x = h.status(S1).epoch();
        h.net.runUntil(first + 1_000);
        h.host(rs.get(2)).leave(h.group); // served by s03: the next epoch, a second later
        untilEpochAfter(h, S3, x);
        assertThat(h.status(S2).epoch()).as("s02 heard neither").isEqualTo(c);
        h.net.runUntil(first + 2_500);
        links.link(S1, S2, Link.of(0, 20, 0)).link(S3, S2, Link.of(0, 20, 0));
        h.net.runUntil(first + t.activationDelayMillis() - 1);
        assertThat(h.status(S2).epoch()).as("s02 learned the newer epoch only").isGreaterThan(x);
        assertThat(sendingEpoch(h, S2)).isEqualTo(c);
        h.net.runUntil(first + t.activationDelayMillis());
        assertThat(sendingEpoch(h, S1)).isGreaterThanOrEqualTo(x);
        assertThat(sendingEpoch(h, S2)).as("s02 stopped sending under its old epoch when the first one switched")
                .isGreaterThan(c);
    }

    /**
     * Two key servers whose batches cross choose the same epoch number, each with its own switch time. The earlier
     * wins at both: a receiver that left at the first must stop reading when the first switches. Found by the data
     * plane's adversary (a sender went on under the old key for half a second).
     */
    @Test
    void twoServersThatChoseTheSameEpochSwitchAtTheEarlierTime() {
        KeyTiming t = new KeyTiming(4_000, 4_000, 10_000);
        LinkModel links = LinkModel.of(0, 20, 0);
        GmfHarness h = harness(2, 23, links, t);
        List<MemberId> rs = h.startAndRun(6, 0, 15_000);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
        long c = h.status(S1).epoch();
        links.between(S1, S2, Link.of(0, 400, 0)); // the senders hear each other only after 400 ms
        h.host(rs.get(0)).leave(h.group); // served by s01
        h.net.runUntil(h.net.now() + 150);
        h.host(rs.get(1)).leave(h.group); // served by s02, 150 ms later
        long t1 = untilEpochAfter(h, S1, c);
        long t2 = untilEpochAfter(h, S2, c);
        assertThat(h.status(S2).epoch()).as("both chose the same epoch").isEqualTo(h.status(S1).epoch());
        assertThat(t2).as("s02 chose it itself, before s01's EPOCH reached it").isGreaterThan(t1)
                .isLessThan(t1 + 400);
        h.net.runUntil(t1 + t.activationDelayMillis());
        assertThat(sendingEpoch(h, S1)).isEqualTo(c + 1);
        assertThat(sendingEpoch(h, S2)).as("s02 switched at s01's earlier time").isEqualTo(c + 1);
    }

    /**
     * The attack: an insider sender announces an epoch with a switch time a day ahead, to keep every sender on the old
     * key (readable by a departed member) for as long. The others clamp it to their own longest switch delay.
     */
    @Test
    void aSwitchTimeFarAheadIsClampedToTheLongestDelay() {
        KeyTiming t = new KeyTiming(2_000, 4_000, 6_000);
        GmfHarness h = harness(2, 13, LinkModel.of(0, 20, 0), t);
        List<MemberId> rs = h.startAndRun(4, 0, 15_000);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
        long e0 = h.status(S1).epoch();
        long sent;
        synchronized (h.host(S2)) {
            SenderGroup insider = (SenderGroup) h.host(S2).session(h.group);
            sent = h.net.now();
            insider.sendControl(new Control.Epoch(insider.run(), e0 + 1, sent + 86_400_000L, e0), insider.toSenders());
        }
        untilEpochAfter(h, S1, e0);
        long entered = h.host(S1).epochEnteredAt(h.group).orElseThrow();
        h.net.runUntil(entered + t.switchAfterMillis(false) + 1);
        assertThat(sendingEpoch(h, S1)).as("switched within its own longest delay").isEqualTo(e0 + 1);
        assertThat(h.host(S1).sending(h.group).orElseThrow().epoch()).isGreaterThan(e0);
    }

    /**
     * A lifetime renewal has no secrecy urgency: its key is distributed {@code rekeyLeadMillis} ahead of the switch,
     * so a receiver that missed it has that long to repair.
     */
    @Test
    void aLifetimeRenewalIsDistributedTheLeadAheadOfItsUse() {
        KeyTiming t = new KeyTiming(2_000, 3_000, 10_000);
        GmfHarness h = harness(2, 17, LinkModel.of(0, 20, 0), t);
        h.policies.lifetimes(40, 200);
        List<MemberId> rs = h.startAndRun(4, 0, 15_000);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
        long e0 = h.status(S1).epoch();
        long entered = untilEpochAfter(h, S1, e0); // the soft lifetime of the first outbound MSA, about 40 s in
        assertThat(entered).isGreaterThan(30_000);
        long e1 = h.status(S1).epoch();
        h.net.runUntil(entered + 2_000);
        for (MemberId r : rs) {
            assertThat(h.status(r).epoch()).as(r + " has the renewed key").isEqualTo(e1);
        }
        h.net.runUntil(entered + t.rekeyLeadMillis() - 1);
        assertThat(sendingEpoch(h, S1)).as("past the activation delay, still within the lead").isEqualTo(e0);
        h.net.runUntil(entered + t.rekeyLeadMillis());
        assertThat(sendingEpoch(h, S1)).isEqualTo(e1);
        assertThat(h.log).anyMatch(l -> l.contains("renewing, switching in 10000 ms"));
    }
}
