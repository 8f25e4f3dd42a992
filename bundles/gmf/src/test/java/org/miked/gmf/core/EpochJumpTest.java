package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 11: a sender's EPOCH or HELLO naming an epoch near {@code Long.MAX_VALUE} would stop
 * every later rekey (epochs only grow). A peer may move the epoch at most {@link SenderGroup#MAX_EPOCH_STEP}
 * beyond this host's epoch and clock at once.
 */
class EpochJumpTest {
    @Test
    void anEpochFarBeyondTheCurrentOneAndTheClockIsRefused() {
        long now = 1_733_000_000_000L;
        assertThat(SenderGroup.epochStepAllowed(now + 5, now, now + 6)).isTrue();
        assertThat(SenderGroup.epochStepAllowed(now + 5, now, now + 5 + SenderGroup.MAX_EPOCH_STEP)).isTrue();
        assertThat(SenderGroup.epochStepAllowed(now + 5, now, Long.MAX_VALUE - 1)).isFalse();
        assertThat(SenderGroup.epochStepAllowed(now + 5, now, now + 6 + SenderGroup.MAX_EPOCH_STEP)).isFalse();
        assertThat(SenderGroup.epochStepAllowed(0, now, -1)).isFalse();
        // a sender whose clock runs behind still follows a group whose epochs came from a faster clock
        assertThat(SenderGroup.epochStepAllowed(now + 10_000_000, now, now + 10_000_001)).isTrue();
    }

    /**
     * The attack: an insider sender (its real signing key, the current run) announces epoch Long.MAX_VALUE in an
     * EPOCH and a HELLO. On the old code the other sender entered it, and the next rekey (epoch + 1 overflows)
     * never came. Now the announcement is refused and the group keeps rekeying.
     */
    @org.junit.jupiter.api.Test
    void anInsiderAnnouncingEpochMaxValueCannotStopTheRekeys() {
        GmfHarness h = new GmfHarness(2, 53, org.miked.sim.network.LinkModel.of(0, 5, 0));
        java.util.List<org.miked.api.MemberId> rs = h.startAndRun(4, 0, 10_000);
        org.miked.api.MemberId s1 = org.miked.testkit.TestPolicies.senderId(1);
        org.miked.api.MemberId s2 = org.miked.testkit.TestPolicies.senderId(2);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
        long before = h.status(s1).epoch();
        synchronized (h.host(s2)) {
            SenderGroup insider = (SenderGroup) h.host(s2).session(h.group);
            insider.sendControl(new org.miked.gmf.wire.Control.Epoch(insider.run(), Long.MAX_VALUE), insider.toSenders());
            insider.sendControl(new org.miked.gmf.wire.Control.Hello(insider.run(), Long.MAX_VALUE,
                    org.miked.gmf.wire.Control.Hello.KEYED), insider.toSenders());
        }
        h.net.runUntil(h.net.now() + 2_000);
        assertThat(h.status(s1).epoch()).as(h.describe()).isLessThan(Long.MAX_VALUE / 2);
        assertThat(h.status(s1).counters().get("rejected.epoch-jump")).isPositive();
        assertThat(h.host(s1).rekey(h.group)).isTrue();
        h.net.runUntil(h.net.now() + 5_000);
        assertThat(h.status(s1).epoch()).isGreaterThan(before);
        assertThat(h.commonKey(java.util.List.of(s1, rs.get(0), rs.get(2)))).as(h.describe()).isNotNull();
    }
}
