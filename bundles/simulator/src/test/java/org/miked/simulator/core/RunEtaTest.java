package org.miked.simulator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RunEtaTest {
    private static final long S = 1_000_000_000L;

    @Test
    void extrapolatesTheRateSoFar() {
        // 6 of 60 simulated seconds took 13 s: the other 54 take 117 s
        assertEquals(117 * S, RunEta.remainingNanos(13 * S, 6_000, 60_000));
        assertEquals(13 * S, RunEta.remainingNanos(13 * S, 30_000, 60_000));
    }

    @Test
    void doneIsZeroAndNothingDoneIsUnknown() {
        assertEquals(0, RunEta.remainingNanos(5 * S, 60_000, 60_000));
        assertEquals(0, RunEta.remainingNanos(5 * S, 61_000, 60_000));
        assertEquals(-1, RunEta.remainingNanos(5 * S, 0, 60_000));
        assertEquals("?", RunEta.format(RunEta.remainingNanos(5 * S, 0, 60_000)));
    }

    @Test
    void formatsSecondsMinutesHours() {
        assertEquals("0s", RunEta.format(0));
        assertEquals("0s", RunEta.format(S / 2 - 1));
        assertEquals("1s", RunEta.format(S / 2));
        assertEquals("59s", RunEta.format(59 * S));
        assertEquals("1m00s", RunEta.format(60 * S));
        assertEquals("2m10s", RunEta.format(130 * S));
        assertEquals("59m59s", RunEta.format(3599 * S));
        assertEquals("1h00m", RunEta.format(3600 * S));
        assertEquals("1h05m", RunEta.format((3600 + 5 * 60 + 29) * S));
        assertEquals("1h06m", RunEta.format((3600 + 5 * 60 + 30) * S));
        assertEquals("26h40m", RunEta.format(96_000 * S));
    }
}
