package org.miked.common.event;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.Clock;

/**
 * A virtual clock with its event queue. Not thread-safe: one thread drives a simulation. Tasks scheduled
 * for the same instant run in the order they were scheduled.
 *
 * <p>The queue is a calendar of millisecond buckets: a FIFO per instant, and a heap of the distinct
 * instants that have events. Events are scheduled in sequence, so FIFO within an instant is exactly the
 * (time, sequence) order a single heap of events gives, while a simulation with millions of deliveries in
 * flight spreads over far fewer instants: scheduling is a map lookup and an append, running an event a
 * removal from the head of a FIFO, and the heap orders instants, not events.
 */
public final class VirtualTime implements Clock {
    private final PriorityQueue<Long> instants = new PriorityQueue<>();
    private final Map<Long, ArrayDeque<Event>> buckets = new HashMap<>();
    /** The bucket of the earliest instant, or null (then the heap is consulted). */
    private ArrayDeque<Event> head;
    private long headAt;
    private int size;
    private long now;
    private long executed;

    private static final class Event implements Cancellable {
        final Runnable task;
        boolean cancelled;

        Event(Runnable task) {
            this.task = task;
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
        long at = now + Math.max(0, delayMillis);
        Event e = new Event(task);
        if (head != null && at == headAt) {
            head.add(e);
        } else {
            ArrayDeque<Event> b = buckets.get(at);
            if (b == null) {
                b = new ArrayDeque<>();
                buckets.put(at, b);
                instants.add(at);
                if (head != null && at < headAt) {
                    // an instant before the current head (the clock is between events): look again
                    head = null;
                }
            }
            b.add(e);
        }
        size++;
        return e;
    }

    /** @return true if an earliest instant exists ({@link #headAt} and {@link #head} then name it) */
    private boolean findHead() {
        while (head == null || head.isEmpty()) {
            if (head != null) {
                buckets.remove(headAt);
                instants.poll();
                head = null;
            }
            Long at = instants.peek();
            if (at == null) {
                return false;
            }
            headAt = at;
            head = buckets.get(at);
        }
        return true;
    }

    /**
     * Runs events up to and including time {@code until}, then sets the clock to it.
     *
     * @param until virtual time in ms
     * @return number of events run
     */
    public long runUntil(long until) {
        long n = 0;
        while (findHead() && headAt <= until) {
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
        while (findHead()) {
            if (headAt > limit) {
                now = Math.max(now, limit);
                return false;
            }
            step();
        }
        return true;
    }

    /** Runs the first event of the head bucket (findHead returned true). */
    private boolean step() {
        Event e = head.poll();
        size--;
        now = Math.max(now, headAt);
        if (e.cancelled) {
            return false;
        }
        executed++;
        e.task.run();
        return true;
    }

    /** @return events waiting (including cancelled ones not yet skipped) */
    public int pending() {
        return size;
    }

    /** @return events run so far */
    public long executed() {
        return executed;
    }
}
