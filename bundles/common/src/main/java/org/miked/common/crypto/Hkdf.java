package org.miked.common.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF with SHA-256 (RFC 5869), through Bouncy Castle. */
public final class Hkdf {
    private Hkdf() {
    }

    /**
     * @param ikm input keying material
     * @param salt salt (may be empty)
     * @param info context and label
     * @param length output bytes
     * @return output keying material
     */
    public static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        g.generateBytes(out, 0, length);
        return out;
    }

    /** @return HKDF with an info string built from a label and parts joined by NUL */
    public static byte[] derive(byte[] ikm, byte[] salt, String label, int length, String... parts) {
        StringBuilder sb = new StringBuilder("miked ").append(label);
        for (String p : parts) {
            sb.append('\0').append(p);
        }
        return derive(ikm, salt, sb.toString().getBytes(StandardCharsets.UTF_8), length);
    }

    /** @return SHA-256 of the input */
    public static byte[] sha256(byte[]... parts) {
        SHA256Digest d = new SHA256Digest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    /** @return the first 8 bytes of SHA-256 of a key, in hex: names a key without revealing it */
    public static String fingerprint(byte[] key) {
        byte[] h = sha256(key);
        return Hex.encode(java.util.Arrays.copyOf(h, 8));
    }
}
