package org.miked.testkit;

import org.miked.api.MemberId;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.CryptoMemo;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.runtime.RandomSource;
import org.miked.api.runtime.Scheduler;
import org.miked.common.crypto.Randoms;
import org.miked.common.event.VirtualTime;

/** A host runtime on a shared virtual clock with deterministic randomness. */
public final class TestRuntime implements HostRuntime {
    private final MemberId self;
    private final VirtualTime time;
    private final RandomSource random;
    private CryptoMemo memo = CryptoMemo.NONE;
    private org.miked.api.runtime.StateStore store = org.miked.api.runtime.StateStore.NONE;
    private Clock clock;

    public TestRuntime(MemberId self, VirtualTime time, long seed) {
        this.self = self;
        this.time = time;
        this.random = Randoms.deterministic(seed, self.id());
    }

    /**
     * @param shared what this host shares pure results through (tests of the simulator's sharing)
     * @return this runtime
     */
    public TestRuntime cryptoMemo(CryptoMemo shared) {
        this.memo = java.util.Objects.requireNonNull(shared, "memo");
        return this;
    }

    /**
     * @param kept what this host keeps across its restarts (tests of key-server state: a new runtime on the
     *     same store is the restarted host)
     * @return this runtime
     */
    public TestRuntime stateStore(org.miked.api.runtime.StateStore kept) {
        this.store = java.util.Objects.requireNonNull(kept, "store");
        return this;
    }

    @Override
    public org.miked.api.runtime.StateStore stateStore() {
        return store;
    }

    @Override
    public CryptoMemo cryptoMemo() {
        return memo;
    }

    @Override
    public MemberId self() {
        return self;
    }

    /**
     * @param reads what {@link #clock()} answers instead of the virtual time (tests of code that reads a real
     *     host's clock, which moves between two reads in one event); timers still run on the virtual time
     * @return this runtime
     */
    public TestRuntime clock(Clock reads) {
        this.clock = java.util.Objects.requireNonNull(reads, "clock");
        return this;
    }

    @Override
    public Clock clock() {
        return clock != null ? clock : time;
    }

    @Override
    public Scheduler scheduler() {
        return new Scheduler() {
            @Override
            public Cancellable schedule(long delayMillis, Runnable task) {
                return time.schedule(delayMillis, task);
            }
        };
    }

    @Override
    public RandomSource random() {
        return random;
    }
}
