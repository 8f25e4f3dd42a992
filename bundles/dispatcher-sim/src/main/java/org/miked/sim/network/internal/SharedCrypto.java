package org.miked.sim.network.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.miked.api.runtime.CryptoMemo;

/**
 * The cryptographic results one simulated network's hosts share: the outcome of each distinct
 * (scheme, key, bytes) verification and the result of each distinct (secret, context) derivation, most
 * recently used first, bounded. A hit compares every byte and the whole context (never a hash alone), so a
 * datagram that differs in one bit from a remembered one is checked afresh. Counts hits and misses.
 *
 * <p>Verifications a signer announces ({@link #expect}) run ahead on the other cores (one process-wide pool
 * of daemon threads, {@code cores - 1}, none on a single core); a host that asks before the result is ready
 * waits for it. A verification is a pure function of its inputs, so which thread ran it, and when, never
 * changes an outcome: the simulation stays deterministic for any number of cores.
 */
final class SharedCrypto implements CryptoMemo {
    /**
     * Verifications remembered: every distinct rekey in flight at 25 key servers with repeats and repairs,
     * and a whole batch of WELCOMEs (25 key servers admitting 4,000 receivers each in one batch).
     */
    static final int VERIFICATIONS = 131_072;
    /**
     * Derivations remembered: the current and previous epochs' MSA sets of a few groups, and the key unwraps
     * of the rekeys in flight (receivers below one node open the same wrap under the same key).
     */
    static final int DERIVATIONS = 8192;

    private record Check(String scheme, byte[] key, byte[] signed, int hash) {
        static Check of(String scheme, byte[] key, byte[] signed) {
            int h = scheme.hashCode() * 31 + Arrays.hashCode(key);
            // the tail is the signature in every scheme that signs: well spread, cheap to hash
            for (int i = Math.max(0, signed.length - 16); i < signed.length; i++) {
                h = h * 31 + signed[i];
            }
            return new Check(scheme, key, signed, h * 31 + signed.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Check k && k.hash == hash && k.scheme.equals(scheme) && Arrays.equals(k.signed, signed)
                    && Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Derivation(byte[] secret, Object context) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Derivation d && Arrays.equals(d.secret, secret) && d.context.equals(context);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(secret) * 31 + context.hashCode();
        }
    }

    /** Threads that run announced verifications ahead; null on a single core. */
    private static final ExecutorService AHEAD = aheadPool();
    /**
     * Most announced verifications queued or running at once (beyond that, hosts verify themselves). A
     * host that needs a result not started yet runs it itself, so a long queue never makes it wait.
     */
    static final int AHEAD_LIMIT = 65_536;

    /** Results: a Boolean, or a Future of one for a verification run ahead; oldest first out. */
    private final Map<Check, Object> checks = bounded(VERIFICATIONS, false);
    private final AtomicInteger ahead = new AtomicInteger();
    private final boolean runAhead;
    private long aheadRun;

    SharedCrypto(boolean runAhead) {
        this.runAhead = runAhead && AHEAD != null;
    }

    private static ExecutorService aheadPool() {
        int n = Runtime.getRuntime().availableProcessors() - 1;
        if (n < 1) {
            return null;
        }
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "sim-crypto-ahead-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
    private final Map<Derivation, Object> derivations = bounded(DERIVATIONS, true);
    private long hits;
    private long misses;

    /**
     * @param accessOrder true to evict the least recently used entry, false the oldest (a plain lookup: a
     *     rekey's result is asked for by its 4,000 receivers within milliseconds, then never again)
     */
    private static <K, V> Map<K, V> bounded(int capacity, boolean accessOrder) {
        return new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, accessOrder) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public boolean verify(String scheme, byte[] key, byte[] signed, BooleanSupplier check) {
        Object known;
        synchronized (this) {
            known = checks.get(Check.of(scheme, key, signed));
            if (known == null) {
                misses++;
            } else {
                hits++;
            }
        }
        if (known instanceof Boolean b) {
            return b;
        }
        if (known instanceof Future<?> f) {
            @SuppressWarnings("unchecked")
            Future<Boolean> b = (Future<Boolean>) f;
            return awaited(b, check::getAsBoolean);
        }
        boolean ok = check.getAsBoolean();
        synchronized (this) {
            checks.put(Check.of(scheme, key.clone(), signed.clone()), ok);
        }
        return ok;
    }

    @Override
    public void expect(String scheme, byte[] key, byte[] signed, BooleanSupplier check) {
        if (!runAhead || ahead.get() >= AHEAD_LIMIT) {
            return;
        }
        Check k = Check.of(scheme, key.clone(), signed.clone());
        synchronized (this) {
            if (checks.containsKey(k)) {
                return;
            }
            ahead.incrementAndGet();
            aheadRun++;
            FutureTask<Boolean> task = new FutureTask<>(() -> {
                try {
                    return check.getAsBoolean();
                } finally {
                    ahead.decrementAndGet();
                }
            });
            checks.put(k, task);
            AHEAD.execute(task);
        }
    }

    /**
     * The result of work run ahead (a verification, {@link #ahead}): run here if no worker has started it yet
     * (the queue may be long after a batch), else waited for; if it failed (it cannot, short of a bug), the
     * host does the work itself.
     */
    private static <T> T awaited(Future<T> f, Supplier<T> work) {
        try {
            if (!f.isDone() && f instanceof FutureTask<?> t) {
                t.run(); // returns at once if a worker runs or ran it
            }
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return work.get();
        } catch (ExecutionException e) {
            return work.get();
        }
    }

    /**
     * Runs the work on the other core unless too much is queued (then at the first {@code get}, as without a
     * memo); a {@code get} before a worker started it runs it on the asking thread.
     */
    @Override
    public <T> Supplier<T> ahead(Supplier<T> work) {
        if (!runAhead || ahead.get() >= AHEAD_LIMIT) {
            return CryptoMemo.super.ahead(work);
        }
        ahead.incrementAndGet();
        synchronized (this) {
            aheadRun++;
        }
        FutureTask<T> task = new FutureTask<>(() -> {
            try {
                return work.get();
            } finally {
                ahead.decrementAndGet();
            }
        });
        AHEAD.execute(task);
        return () -> awaited(task, work);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T derive(byte[] secret, Object context, Supplier<T> derivation) {
        Object known = derivations.get(new Derivation(secret, context));
        if (known != null) {
            hits++;
            return (T) known;
        }
        misses++;
        T result = derivation.get();
        derivations.put(new Derivation(secret.clone(), context), result);
        return result;
    }

    /** @return work answered from memory, work done by the asking host, work run ahead (verifications, {@link #ahead}) */
    synchronized long[] counts() {
        return new long[] {hits, misses, aheadRun};
    }
}
