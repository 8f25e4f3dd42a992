package org.miked.api.runtime;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Randomness for keys, nonces and jitter. Real hosts use a {@code SecureRandom}; simulated hosts a
 * deterministic generator derived from the scenario seed and the host id.
 */
@ConsumerType
public interface RandomSource {
    /** @param out filled with random bytes */
    void nextBytes(byte[] out);

    /** @return a random long */
    long nextLong();

    /**
     * @param bound exclusive upper bound, positive
     * @return uniform value in [0, bound)
     */
    int nextInt(int bound);

    /** @return uniform value in [0, 1) */
    default double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * @param n number of bytes
     * @return n fresh random bytes
     */
    default byte[] bytes(int n) {
        byte[] b = new byte[n];
        nextBytes(b);
        return b;
    }
}
