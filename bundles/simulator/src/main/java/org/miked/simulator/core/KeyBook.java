package org.miked.simulator.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.miked.api.sa.Msa;

/**
 * Tells whether two MSAs carry the same keys, cheaply: each MSA's encryption and integrity keys are compared
 * byte by byte once, against every key pair seen before, and the MSA is mapped to one token per distinct pair.
 * Two MSAs then hold the same keys exactly when their tokens are the same object. An {@link Msa} never changes,
 * and the simulated receivers of a process share one MSA object per epoch and sender, so the map from MSA
 * object to token stays small; it is cleared if it ever grows past {@link #MAX_CACHED}.
 */
final class KeyBook {
    /** MSA objects remembered before the cache starts over (tokens stay valid: they are interned by content). */
    static final int MAX_CACHED = 1 << 20;

    /** One distinct key pair (the token). */
    static final class Keys {
        private final byte[] encryption;
        private final byte[] integrity;

        private Keys(byte[] encryption, byte[] integrity) {
            this.encryption = encryption;
            this.integrity = integrity;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Keys k && Arrays.equals(encryption, k.encryption) && Arrays.equals(integrity, k.integrity);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(encryption) + Arrays.hashCode(integrity);
        }
    }

    private final Map<Msa, Keys> byMsa = new IdentityHashMap<>();
    private final Map<Keys, Keys> interned = new HashMap<>();

    /**
     * @param msa an MSA
     * @return the token of its key pair: the same object for every MSA with byte-equal encryption and integrity keys
     */
    Keys of(Msa msa) {
        Keys k = byMsa.get(msa);
        if (k != null) {
            return k;
        }
        Keys fresh = new Keys(msa.encryptionKey(), msa.integrityKey());
        k = interned.computeIfAbsent(fresh, x -> x);
        if (byMsa.size() >= MAX_CACHED) {
            byMsa.clear();
        }
        byMsa.put(msa, k);
        return k;
    }
}
