package org.miked.dispatcher.real.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.Scheduler;

/**
 * The host's one event loop: a thread that waits in a {@link Selector} for datagrams, runs due timers
 * and runs tasks handed over from other threads, one at a time. Timers are ordered on
 * {@link System#nanoTime()} (immune to wall-clock steps); {@link #millis()} is the wall clock made
 * non-decreasing, so that it also orders events across restarts of the daemon (the GMF derives its
 * envelope sequence numbers from it).
 *
 * <p>A task, timer or selection handler that throws is logged and counted; the loop goes on.
 */
final class EventLoop implements Scheduler, Clock, Runnable {
    private static final System.Logger LOG = System.getLogger("org.miked.dispatcher.real");

    /** Receives a ready key on the loop thread. */
    interface Readable {
        void onReadable(SelectionKey key);
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final AtomicLong lastMillis = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Consumer<Throwable> onFailure;
    private final LongSupplier wallClock;
    private final AtomicLong timerSeq = new AtomicLong();
    private volatile boolean running = true;

    private final class Timer implements Comparable<Timer>, Cancellable {
        final long dueNanos;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Timer(long dueNanos, long seq, Runnable task) {
            this.dueNanos = dueNanos;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(dueNanos - o.dueNanos, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /**
     * @param name thread name
     * @param onFailure told of every exception a task or handler threw (after it was logged)
     */
    EventLoop(String name, Consumer<Throwable> onFailure) {
        this(name, onFailure, System::currentTimeMillis);
    }

    /**
     * @param name thread name
     * @param onFailure told of every exception a task or handler threw (after it was logged)
     * @param wallClock the wall clock in milliseconds ({@link #millis()} never goes back even when it does;
     *     tests step it back)
     */
    EventLoop(String name, Consumer<Throwable> onFailure, LongSupplier wallClock) {
        this.wallClock = wallClock;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a NIO selector", e);
        }
        this.onFailure = onFailure;
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    /** @return true when called on the loop thread */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** @return number of tasks or handlers that threw */
    long failures() {
        return failures.get();
    }

    @Override
    public long millis() {
        long now = wallClock.getAsLong();
        return lastMillis.accumulateAndGet(now, Math::max);
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delay must be >= 0, got " + delayMillis);
        }
        Timer t = new Timer(System.nanoTime() + delayMillis * 1_000_000L, timerSeq.getAndIncrement(), task);
        if (inLoop()) {
            timers.add(t);
        } else {
            inbox.add(() -> timers.add(t));
            selector.wakeup();
        }
        return t;
    }

    @Override
    public void execute(Runnable task) {
        if (!running) {
            return;
        }
        inbox.add(task);
        selector.wakeup();
    }

    /** Stops the loop and closes the selector; waits up to a second for the thread to end. */
    void stop() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                long wait = runDueTimers();
                if (!inbox.isEmpty()) {
                    selector.selectNow();
                } else if (wait < 0) {
                    selector.select();
                } else {
                    selector.select(Math.max(1, wait));
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    guarded(() -> {
                        if (k.isValid() && k.attachment() instanceof Readable r) {
                            r.onReadable(k);
                        }
                    });
                }
                selector.selectedKeys().clear();
                Runnable t;
                while (running && (t = inbox.poll()) != null) {
                    guarded(t);
                }
            } catch (IOException | RuntimeException e) {
                // a selector failure other than a handler's: log and keep looping (the JDK's selector
                // recovers from EINTR and closed channels by itself)
                failures.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "event loop: " + e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing selector: " + e);
        }
    }

    /** Runs every due timer; @return milliseconds until the next one, or -1 if none */
    private long runDueTimers() {
        while (!timers.isEmpty()) {
            Timer t = timers.peek();
            long left = t.dueNanos - System.nanoTime();
            if (left > 0) {
                return (left + 999_999) / 1_000_000;
            }
            timers.poll();
            if (!t.cancelled) {
                guarded(t.task);
            }
        }
        return -1;
    }

    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // NOPMD: a handler's bug must not end the host's only loop
            failures.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "event loop task failed: " + e, e);
            try {
                onFailure.accept(e);
            } catch (RuntimeException ignored) {
                // the failure callback is only for counting
            }
        }
    }
}
