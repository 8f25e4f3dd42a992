package org.miked.api.protocol;

/**
 * The group's key of one epoch, {@code Ke(n) = KDF(Ks, group, n)}; all MSAs of the epoch derive from it.
 *
 * @param epoch epoch number n, starting at 1
 * @param key 32 bytes
 */
public record EpochKey(long epoch, byte[] key) {
    public EpochKey {
        if (key.length != 32) {
            throw new IllegalArgumentException("epoch key must be 32 bytes, got " + key.length);
        }
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpochKey k && k.epoch == epoch && java.util.Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epoch) * 31 + java.util.Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "EpochKey[epoch=" + epoch + "]";
    }
}
