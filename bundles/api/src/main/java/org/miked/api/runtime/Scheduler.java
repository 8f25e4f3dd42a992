package org.miked.api.runtime;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs tasks later on the host's event loop. All tasks and all message deliveries of one host run
 * one at a time, so protocol cores need no locking.
 */
@ConsumerType
public interface Scheduler {
    /**
     * @param delayMillis delay from now, at least 0
     * @param task what to run; exceptions it throws are logged by the host and do not stop the loop
     * @return handle to cancel the task
     */
    Cancellable schedule(long delayMillis, Runnable task);

    /**
     * Runs the task on the host's event loop as soon as possible (used to hand work from other
     * threads, such as shell commands or kernel events, to the host).
     *
     * @param task what to run
     */
    default void execute(Runnable task) {
        schedule(0, task);
    }
}
