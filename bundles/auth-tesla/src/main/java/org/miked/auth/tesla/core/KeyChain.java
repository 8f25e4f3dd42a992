package org.miked.auth.tesla.core;

/**
 * One key chain at the key server: K_L random, K_i = F(K_{i+1}) down to the commitment K_0, interval i
 * spanning {@code [T0 + i*T, T0 + (i+1)*T)} on the key server's clock. All L+1 keys are kept
 * (16 bytes each: 58 KB for L = 3,600), so sealing costs no hashing along the chain.
 * Also tracks what of the chain has been disclosed, so the key server knows when it may fall silent.
 */
final class KeyChain {
    final int id;
    final long startMillis;
    final long intervalMillis;
    final int length;
    private final byte[][] keys;
    /** Highest interval that MAC'd a message (0: none). */
    long lastMac;
    /** Messages sent that disclose a key at or above {@link #lastMac}. */
    int copies;
    /** Highest key index disclosed in any message. */
    long disclosed;

    KeyChain(int id, long startMillis, long intervalMillis, int length, byte[] seed, TeslaCrypto crypto) {
        this.id = id;
        this.startMillis = startMillis;
        this.intervalMillis = intervalMillis;
        this.length = length;
        this.keys = new byte[length + 1][];
        keys[length] = seed.clone();
        for (int i = length - 1; i >= 0; i--) {
            keys[i] = crypto.f(keys[i + 1]);
        }
    }

    /** @return K_i, 0 <= i <= L */
    byte[] key(long i) {
        return keys[(int) i];
    }

    /** @return the interval the key server's clock is in (may be < 1 or > L) */
    long intervalAt(long now) {
        return Math.floorDiv(now - startMillis, intervalMillis);
    }

    /** @return start of interval i */
    long start(long i) {
        return startMillis + i * intervalMillis;
    }

    /** Records a message that disclosed K_j. */
    void disclosed(long j) {
        disclosed = Math.max(disclosed, j);
        if (lastMac > 0 && j >= lastMac) {
            copies++;
        }
    }

    /** Records a message MAC'd in interval i. */
    void macked(long i) {
        if (i > lastMac) {
            lastMac = i;
            copies = 0;
        }
    }

    /** @param wanted copies wanted @return true if the key of the last MAC'd interval still needs sending */
    boolean owesDisclosure(int wanted) {
        return lastMac > 0 && copies < wanted;
    }
}
