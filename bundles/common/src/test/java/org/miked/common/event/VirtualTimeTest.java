package org.miked.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.runtime.Cancellable;

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

    @Test
    void sweepsCancelledEventsOutWithoutChangingTheOrder() {
        VirtualTime t = new VirtualTime();
        List<Integer> seen = new ArrayList<>();
        List<Cancellable> handles = new ArrayList<>();
        int n = 3 * VirtualTime.COMPACT_MIN;
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            handles.add(t.schedule(i % 7, () -> seen.add(k)));
        }
        for (int at = 0; at < 7; at++) {
            for (int i = at; i < n; i += 7) {
                if (i % 3 == 0) {
                    expected.add(i);
                }
            }
            if (at == 3) {
                expected.add(-1);
            }
        }
        for (int i = 0; i < n; i++) {
            if (i % 3 != 0) {
                handles.get(i).cancel();
                handles.get(i).cancel(); // twice: counted once
            }
        }
        assertThat(t.pending()).isEqualTo(n);
        t.schedule(3, () -> seen.add(-1)); // this call sweeps
        assertThat(t.pending()).isEqualTo(n / 3 + 1);
        assertThat(t.runUntilIdle(1000)).isTrue();
        assertThat(seen).isEqualTo(expected);
        assertThat(t.executed()).isEqualTo(n / 3 + 1);
        assertThat(t.pending()).isZero();
    }

    @Test
    void aSweepWhileAnInstantRunsKeepsItsRemainingEventsFirst() {
        VirtualTime t = new VirtualTime();
        List<String> seen = new ArrayList<>();
        List<Cancellable> later = new ArrayList<>();
        t.schedule(5, () -> {
            seen.add("first@" + t.millis());
            later.forEach(Cancellable::cancel);
            t.schedule(0, () -> seen.add("after-sweep@" + t.millis())); // sweeps, then queues behind "second"
        });
        t.schedule(5, () -> seen.add("second@" + t.millis()));
        for (int i = 0; i < 2 * VirtualTime.COMPACT_MIN; i++) {
            later.add(t.schedule(5 + i % 3, () -> seen.add("cancelled")));
        }
        t.schedule(6, () -> seen.add("six@" + t.millis()));
        assertThat(t.runUntilIdle(1000)).isTrue();
        assertThat(seen).containsExactly("first@5", "second@5", "after-sweep@5", "six@6");
        assertThat(t.pending()).isZero();
    }

    @Test
    void cancellingARunTaskChangesNothing() {
        VirtualTime t = new VirtualTime();
        List<String> seen = new ArrayList<>();
        Cancellable c = t.schedule(1, () -> seen.add("ran"));
        t.runUntil(1);
        c.cancel();
        t.schedule(1, () -> seen.add("next"));
        assertThat(t.runUntilIdle(100)).isTrue();
        assertThat(seen).containsExactly("ran", "next");
    }
}
