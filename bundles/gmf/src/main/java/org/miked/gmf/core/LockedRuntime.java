package org.miked.gmf.core;

import org.miked.api.MemberId;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.runtime.RandomSource;
import org.miked.api.runtime.Scheduler;

/**
 * The host runtime as protocol sessions see it: every timer task runs under the GMF's lock, so sessions
 * are never entered by two threads at once (shell commands and dispatcher deliveries take the same
 * lock). A task that throws is logged and counted; it does not stop the host.
 */
final class LockedRuntime implements HostRuntime {
    private final HostRuntime inner;
    private final Object lock;
    private final java.util.function.Consumer<RuntimeException> onError;
    private final Scheduler scheduler;

    LockedRuntime(HostRuntime inner, Object lock, java.util.function.Consumer<RuntimeException> onError) {
        this.inner = inner;
        this.lock = lock;
        this.onError = onError;
        Scheduler s = inner.scheduler();
        this.scheduler = new Scheduler() {
            @Override
            public Cancellable schedule(long delayMillis, Runnable task) {
                return s.schedule(delayMillis, () -> {
                    synchronized (lock) {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            onError.accept(e);
                        }
                    }
                });
            }
        };
    }

    @Override
    public MemberId self() {
        return inner.self();
    }

    @Override
    public Clock clock() {
        return inner.clock();
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public RandomSource random() {
        return inner.random();
    }

    @Override
    public org.miked.api.runtime.CryptoMemo cryptoMemo() {
        return inner.cryptoMemo();
    }

    @Override
    public org.miked.api.runtime.StateStore stateStore() {
        return inner.stateStore();
    }
}
