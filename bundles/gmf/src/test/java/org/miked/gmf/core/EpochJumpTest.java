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
}
