package org.miked.common.event;

import java.util.PriorityQueue;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.Clock;

/**
 * A virtual clock with its event queue. Not thread-safe: one thread drives a simulation.
 * Tasks scheduled for the same instant run in the order they were scheduled.
 */
public final class VirtualTime implements Clock {
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long seq;
    private long executed;

    private static final class Event implements Comparable<Event>, Cancellable {
        final long at;
        final long order;
        final Runnable task;
        boolean cancelled;

        Event(long at, long order, Runnable task) {
            this.at = at;
            this.order = order;
            this.task = task;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public long millis() {
        return now;
    }

    /**
     * @param delayMillis delay from now (negative counts as 0)
     * @param task the task
     * @return handle to cancel it
     */
    public Cancellable schedule(long delayMillis, Runnable task) {
        Event e = new Event(now + Math.max(0, delayMillis), seq++, task);
        queue.add(e);
        return e;
    }

    /**
     * Runs events up to and including time {@code until}, then sets the clock to it.
     *
     * @param until virtual time in ms
     * @return number of events run
     */
    public long runUntil(long until) {
        long n = 0;
        while (!queue.isEmpty() && queue.peek().at <= until) {
            if (step()) {
                n++;
            }
        }
        now = Math.max(now, until);
        return n;
    }

    /**
     * Runs events until the queue is empty or the clock passes {@code limit}.
     *
     * @param limit virtual time bound (protects against protocols that never go quiet)
     * @return true if the queue drained before the limit
     */
    public boolean runUntilIdle(long limit) {
        while (!queue.isEmpty()) {
            if (queue.peek().at > limit) {
                now = Math.max(now, limit);
                return false;
            }
            step();
        }
        return true;
    }

    private boolean step() {
        Event e = queue.poll();
        now = Math.max(now, e.at);
        if (e.cancelled) {
            return false;
        }
        executed++;
        e.task.run();
        return true;
    }

    /** @return events waiting (including cancelled ones not yet skipped) */
    public int pending() {
        return queue.size();
    }

    /** @return events run so far */
    public long executed() {
        return executed;
    }
}
