package org.miked.common.crypto;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import org.miked.api.runtime.RandomSource;

/** Adapters between {@link RandomSource} and the JDK's random types. */
public final class Randoms {
    private Randoms() {
    }

    /**
     * @param source injected randomness
     * @return a {@code SecureRandom} that draws every byte from the source (for Bouncy Castle APIs);
     *     deterministic when the source is
     */
    public static SecureRandom asSecureRandom(RandomSource source) {
        return new SourceRandom(source);
    }

    /** @return a RandomSource backed by a fresh {@code SecureRandom} (real hosts) */
    public static RandomSource secure() {
        SecureRandom r = new SecureRandom();
        return new RandomSource() {
            @Override
            public void nextBytes(byte[] out) {
                r.nextBytes(out);
            }

            @Override
            public long nextLong() {
                return r.nextLong();
            }

            @Override
            public int nextInt(int bound) {
                return r.nextInt(bound);
            }
        };
    }

    /**
     * @param seed seed
     * @param label distinguishes streams from one seed (e.g. the host id)
     * @return a deterministic source: SHA-256 in counter mode over seed and label (for the simulator and
     *     tests only)
     */
    public static RandomSource deterministic(long seed, String label) {
        return new DeterministicSource(seed, label);
    }

    private static final class SourceRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient RandomSource source;

        SourceRandom(RandomSource source) {
            super(new NoSpi(), null);
            this.source = source;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            source.nextBytes(bytes);
        }

        @Override
        public byte[] generateSeed(int numBytes) {
            return source.bytes(numBytes);
        }

        @Override
        public void setSeed(long seed) {
            // the source is injected; reseeding from outside is ignored
        }
    }

    private static final class NoSpi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;

        @Override
        protected void engineSetSeed(byte[] seed) {
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            throw new IllegalStateException("not used");
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new IllegalStateException("not used");
        }
    }

    private static final class DeterministicSource implements RandomSource {
        private final byte[] key;
        private long counter;
        private final byte[] block = new byte[32];
        private int used = 32;

        DeterministicSource(long seed, String label) {
            key = Hkdf.sha256(java.nio.ByteBuffer.allocate(8).putLong(seed).array(),
                    label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        private void refill() {
            byte[] c = java.nio.ByteBuffer.allocate(8).putLong(counter++).array();
            System.arraycopy(Hkdf.sha256(key, c), 0, block, 0, 32);
            used = 0;
        }

        @Override
        public void nextBytes(byte[] out) {
            for (int i = 0; i < out.length; i++) {
                if (used == 32) {
                    refill();
                }
                out[i] = block[used++];
            }
        }

        @Override
        public long nextLong() {
            return java.nio.ByteBuffer.wrap(bytes(8)).getLong();
        }

        @Override
        public int nextInt(int bound) {
            if (bound <= 0) {
                throw new IllegalArgumentException("bound must be positive");
            }
            long r = nextLong() >>> 1;
            long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound);
            while (r >= limit) {
                r = nextLong() >>> 1;
            }
            return (int) (r % bound);
        }
    }
}
