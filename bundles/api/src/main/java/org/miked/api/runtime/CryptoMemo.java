package org.miked.api.runtime;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Lets hosts that share one process share the results of deterministic cryptography: when thousands of
 * simulated receivers check the same signature on the same bytes under the same key, or derive the same
 * MSAs from the same epoch key, the work runs once and every host gets its result. Only for work whose
 * outcome depends on nothing but its inputs (an Ed25519 verification, an HKDF; not a TESLA safety test that
 * depends on the arrival time). A real host has no one to share with: {@link #NONE} does all the work.
 *
 * <p>The outcome a host sees is the same with or without sharing; only the CPU time (and, for shared
 * immutable results, the heap) differs. The simulator tests this on a run with forged and bit-flipped
 * datagrams in flight.
 */
// implemented by dispatchers (dispatcher-sim shares per simulated network)
@ProviderType
public interface CryptoMemo {
    /** Does every piece of work itself: what a host that shares with nobody uses. */
    CryptoMemo NONE = new CryptoMemo() {
        @Override
        public boolean verify(String scheme, byte[] key, byte[] signed, BooleanSupplier check) {
            return check.getAsBoolean();
        }

        @Override
        public <T> T derive(byte[] secret, Object context, Supplier<T> derivation) {
            return derivation.get();
        }
    };

    /**
     * @param scheme the authentication scheme's name (results of different schemes never mix)
     * @param key the verification key's encoding
     * @param signed every byte the check reads (message and signature); neither array is kept or changed
     * @param check the verification itself, run only if this exact (scheme, key, signed) is not remembered
     * @return the check's result for these bytes
     */
    boolean verify(String scheme, byte[] key, byte[] signed, BooleanSupplier check);

    /**
     * Announces a verification that hosts will probably ask for soon (a signer knows every receiver will check
     * what it just signed): a memo may run it ahead, on another core, so that {@link #verify} finds the result.
     * The outcome of {@code verify} is the same whether it was run ahead or not.
     *
     * @param scheme the authentication scheme's name
     * @param key the verification key's encoding
     * @param signed every byte the check reads (not changed afterwards by the caller)
     * @param check the verification; must be safe to run on another thread
     */
    default void expect(String scheme, byte[] key, byte[] signed, BooleanSupplier check) {
    }

    /**
     * Starts a pure computation whose result this host needs later (a key server's registration key, needed
     * at the next batch): a memo may run it on another core now. Nothing is shared: only this host gets the
     * result, from the returned supplier, and it is the same as computing it there and then. The default
     * ({@link #NONE}) computes it at the first {@code get}.
     *
     * @param <T> the result
     * @param work the computation; must read nothing that changes afterwards and be safe on another thread
     * @return its result on {@code get} (computed there if no other core has started it; then remembered)
     */
    default <T> Supplier<T> ahead(Supplier<T> work) {
        return new Supplier<>() {
            private T result;
            private boolean done;

            @Override
            public T get() {
                if (!done) {
                    result = work.get();
                    done = true;
                }
                return result;
            }
        };
    }

    /**
     * @param <T> an immutable result (hosts share the same instance)
     * @param secret the secret input, compared byte for byte (not kept by {@link #NONE}; copied by a memo)
     * @param context every other input, with value equality (a record of what the derivation reads)
     * @param derivation the derivation itself, run only if this exact (secret, context) is not remembered
     * @return its result
     */
    <T> T derive(byte[] secret, Object context, Supplier<T> derivation);
}
