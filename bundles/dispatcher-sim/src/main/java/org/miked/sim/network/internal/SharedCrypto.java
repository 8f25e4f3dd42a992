package org.miked.sim.network.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.miked.api.runtime.CryptoMemo;

/**
 * The cryptographic results one simulated network's hosts share: the outcome of each distinct
 * (scheme, key, bytes) verification and the result of each distinct (secret, context) derivation, most
 * recently used first, bounded. A hit compares every byte and the whole context (never a hash alone), so a
 * datagram that differs in one bit from a remembered one is checked afresh. Counts hits and misses.
 */
final class SharedCrypto implements CryptoMemo {
    /** Verifications remembered: every distinct rekey in flight at 25 key servers with repeats and repairs. */
    static final int VERIFICATIONS = 8192;
    /** Derivations remembered: the current and previous epochs' MSA sets of a few groups. */
    static final int DERIVATIONS = 256;

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

    private final Map<Check, Boolean> checks = lru(VERIFICATIONS);
    private final Map<Derivation, Object> derivations = lru(DERIVATIONS);
    private long hits;
    private long misses;

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized boolean verify(String scheme, byte[] key, byte[] signed, BooleanSupplier check) {
        Boolean known = checks.get(Check.of(scheme, key, signed));
        if (known != null) {
            hits++;
            return known;
        }
        misses++;
        boolean ok = check.getAsBoolean();
        checks.put(Check.of(scheme, key.clone(), signed.clone()), ok);
        return ok;
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

    /** @return work answered from memory, work done */
    synchronized long[] counts() {
        return new long[] {hits, misses};
    }
}
