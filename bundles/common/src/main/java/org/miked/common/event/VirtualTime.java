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
 *
 * <p>A cancelled event lets go of its task at once (a cancelled timer must not keep what it refers to
 * alive: an SA sink's lifetime timers are cancelled by the thousand when epochs roll over, and each held its
 * SA for the hour of its soft lifetime) and is skipped when its instant comes. When cancelled events are at
 * least {@value #COMPACT_MIN} and half the queue, the next {@link #schedule} sweeps them out; the order of
 * the remaining events does not change.
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
    /** Cancelled events still in the queue (a hint: a cancel from another thread may be missed). */
    private int cancelledWaiting;

    /** Sweep cancelled events out when at least this many wait (and they are half the queue). */
    static final int COMPACT_MIN = 4096;

    private final class Event implements Cancellable {
        /** The task; null once the event ran or was cancelled. */
        Runnable task;

        Event(Runnable task) {
            this.task = task;
        }

        @Override
        public void cancel() {
            if (task != null) {
                task = null;
                cancelledWaiting++;
            }
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
        if (cancelledWaiting >= COMPACT_MIN && cancelledWaiting > size / 2) {
            compact();
        }
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

    /**
     * Removes every cancelled event, keeping the others in their order, and drops the instants left
     * empty. The head is looked up again afterwards (its bucket may be gone or replaced).
     */
    private void compact() {
        int removed = 0;
        for (var it = buckets.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            ArrayDeque<Event> b = entry.getValue();
            int live = 0;
            for (Event e : b) {
                if (e.task != null) {
                    live++;
                }
            }
            if (live == b.size()) {
                continue;
            }
            removed += b.size() - live;
            if (live == 0) {
                it.remove();
                continue;
            }
            // a new deque, sized to what is left: a bucket that once held a big fan-out does not keep its array
            ArrayDeque<Event> kept = new ArrayDeque<>(live);
            for (Event e : b) {
                if (e.task != null) {
                    kept.add(e);
                }
            }
            entry.setValue(kept);
        }
        instants.clear();
        instants.addAll(buckets.keySet());
        head = null;
        size -= removed;
        cancelledWaiting = 0;
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
        Runnable task = e.task;
        if (task == null) {
            if (cancelledWaiting > 0) {
                cancelledWaiting--;
            }
            return false;
        }
        e.task = null;
        executed++;
        task.run();
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
