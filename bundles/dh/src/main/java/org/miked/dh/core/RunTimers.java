package org.miked.dh.core;

import org.miked.api.policy.GroupPolicy;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.Scheduler;

/**
 * A run's two timers on the injected scheduler: a periodic retransmission tick and an inactivity deadline
 * that is pushed back whenever the run makes progress. Cancelled by {@link #cancel()} (run end, new run,
 * close). Parameters come from the policy: {@code <proto>.retransmitMillis} (default 200) and
 * {@code <proto>.timeoutMillis} (default 5000).
 */
public final class RunTimers {
    /** Default retransmission interval. */
    public static final int DEFAULT_RETRANSMIT_MS = 200;
    /** Default inactivity timeout. */
    public static final int DEFAULT_TIMEOUT_MS = 5000;

    private final Scheduler scheduler;
    private final long retransmitMs;
    private final long timeoutMs;
    private final Runnable tick;
    private final Runnable expired;
    private Cancellable tickHandle;
    private Cancellable deadline;
    private boolean active;

    /**
     * @param scheduler the host's scheduler
     * @param retransmitMs tick interval
     * @param timeoutMs inactivity timeout
     * @param tick called every interval while active
     * @param expired called once when no progress was made for timeoutMs
     */
    public RunTimers(Scheduler scheduler, long retransmitMs, long timeoutMs, Runnable tick, Runnable expired) {
        if (retransmitMs <= 0 || timeoutMs <= 0) {
            throw new IllegalArgumentException("retransmit and timeout must be positive");
        }
        this.scheduler = scheduler;
        this.retransmitMs = retransmitMs;
        this.timeoutMs = timeoutMs;
        this.tick = tick;
        this.expired = expired;
    }

    /** @return timers configured from the policy's {@code <proto>.retransmitMillis} / {@code <proto>.timeoutMillis} */
    public static RunTimers fromPolicy(GroupPolicy p, String proto, Scheduler s, Runnable tick, Runnable expired) {
        return new RunTimers(s, p.intParam(proto + ".retransmitMillis", DEFAULT_RETRANSMIT_MS),
                p.intParam(proto + ".timeoutMillis", DEFAULT_TIMEOUT_MS), tick, expired);
    }

    /** @return the inactivity timeout */
    public long timeoutMillis() {
        return timeoutMs;
    }

    /** @return the retransmission interval */
    public long retransmitMillis() {
        return retransmitMs;
    }

    /** Starts both timers (cancelling earlier ones). */
    public void start() {
        cancel();
        active = true;
        scheduleTick();
        progress();
    }

    private void scheduleTick() {
        tickHandle = scheduler.schedule(retransmitMs, () -> {
            if (active) {
                scheduleTick();
                tick.run();
            }
        });
    }

    /** Pushes the inactivity deadline back by the timeout. */
    public void progress() {
        if (!active) {
            return;
        }
        if (deadline != null) {
            deadline.cancel();
        }
        deadline = scheduler.schedule(timeoutMs, () -> {
            if (active) {
                cancel();
                expired.run();
            }
        });
    }

    /** Stops both timers. */
    public void cancel() {
        active = false;
        if (tickHandle != null) {
            tickHandle.cancel();
            tickHandle = null;
        }
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }

    /** @return true while the timers run */
    public boolean active() {
        return active;
    }
}
