package org.miked.auth.tesla.core;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.miked.auth.tesla.wire.TrailerCodec;

/**
 * The one-way functions and the MAC of TESLA, all HMAC-SHA-256 truncated (RFC 4082 section 3.2 leaves the
 * pseudo-random function open):
 * <pre>
 *   F(K)   = HMAC-SHA-256(K, "miked tesla F")[0..16)     chain:   K_i = F(K_{i+1})
 *   F'(K)  = HMAC-SHA-256(K, "miked tesla F'")[0..16)    MAC key: K'_i = F'(K_i)
 *   MAC    = HMAC-SHA-256(K'_i, chain id (u16) | i (u32) | message)[0..macBytes)
 * </pre>
 * One instance keeps one HMAC engine: not thread-safe (a session runs on its host's event loop).
 */
public final class TeslaCrypto {
    public static final int KEY_BYTES = TrailerCodec.KEY_BYTES;
    private static final byte[] F = "miked tesla F".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] F_PRIME = "miked tesla F'".getBytes(StandardCharsets.US_ASCII);
    private final HMac hmac = new HMac(new SHA256Digest());
    private final byte[] out = new byte[32];
    private long steps;

    private byte[] prf(byte[] key, byte[] label) {
        hmac.init(new KeyParameter(key));
        hmac.update(label, 0, label.length);
        hmac.doFinal(out, 0);
        return java.util.Arrays.copyOf(out, KEY_BYTES);
    }

    /** @return F(k), the next key down the chain */
    public byte[] f(byte[] k) {
        steps++;
        return prf(k, F);
    }

    /** @return how many times F was evaluated by this instance (the work of hashing along chains) */
    public long steps() {
        return steps;
    }

    /** @return F'(k), the MAC key of a chain key */
    public byte[] fPrime(byte[] k) {
        return prf(k, F_PRIME);
    }

    /** @return F applied {@code steps} times */
    public byte[] hash(byte[] k, long steps) {
        byte[] x = k;
        for (long s = 0; s < steps; s++) {
            x = f(x);
        }
        return x;
    }

    /** @return the truncated MAC of message[0, len) under a MAC key */
    public byte[] mac(byte[] macKey, int chainId, long interval, byte[] message, int len, int macBytes) {
        hmac.init(new KeyParameter(macKey));
        byte[] head = {(byte) (chainId >>> 8), (byte) chainId, (byte) (interval >>> 24), (byte) (interval >>> 16),
            (byte) (interval >>> 8), (byte) interval};
        hmac.update(head, 0, head.length);
        hmac.update(message, 0, len);
        hmac.doFinal(out, 0);
        return java.util.Arrays.copyOf(out, macBytes);
    }

    /** @return true if both arrays are equal, in time independent of where they differ */
    public static boolean same(byte[] a, byte[] b) {
        return org.bouncycastle.util.Arrays.constantTimeAreEqual(a, b);
    }
}
