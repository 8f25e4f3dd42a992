package org.miked.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {
    @Test
    void runsInTimeThenInsertionOrderAndSkipsCancelled() {
        VirtualTime t = new VirtualTime();
        List<String> seen = new ArrayList<>();
        t.schedule(20, () -> seen.add("b@" + t.millis()));
        t.schedule(10, () -> seen.add("a@" + t.millis()));
        t.schedule(20, () -> seen.add("c@" + t.millis()));
        t.schedule(15, () -> seen.add("x")).cancel();
        t.schedule(10, () -> t.schedule(5, () -> seen.add("d@" + t.millis())));
        assertThat(t.runUntilIdle(1000)).isTrue();
        assertThat(seen).containsExactly("a@10", "d@15", "b@20", "c@20");
        assertThat(t.millis()).isEqualTo(20);
    }

    @Test
    void runUntilStopsAtBoundAndAdvancesClock() {
        VirtualTime t = new VirtualTime();
        List<Long> seen = new ArrayList<>();
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            seen.add(t.millis());
            t.schedule(100, tick[0]);
        };
        t.schedule(0, tick[0]);
        t.runUntil(350);
        assertThat(seen).containsExactly(0L, 100L, 200L, 300L);
        assertThat(t.millis()).isEqualTo(350);
        assertThat(t.runUntilIdle(1000)).isFalse();
    }

    @Test
    void anInstantBeforeTheNextEventScheduledBetweenRunsStillRunsFirstAndZeroDelaysQueueBehind() {
        VirtualTime t = new VirtualTime();
        List<String> seen = new ArrayList<>();
        t.schedule(100, () -> seen.add("late@" + t.millis()));
        t.runUntil(40); // the clock stands between events: the next one is at 100
        t.schedule(10, () -> {
            seen.add("early@" + t.millis());
            t.schedule(0, () -> seen.add("same-instant@" + t.millis()));
        });
        t.schedule(10, () -> seen.add("second@" + t.millis()));
        assertThat(t.pending()).isEqualTo(3);
        assertThat(t.runUntilIdle(1000)).isTrue();
        assertThat(seen).containsExactly("early@50", "second@50", "same-instant@50", "late@100");
        assertThat(t.pending()).isZero();
        assertThat(t.executed()).isEqualTo(4);
    }
}
