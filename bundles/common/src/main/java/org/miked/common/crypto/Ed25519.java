package org.miked.common.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 (RFC 8032) with raw 32-byte keys and 64-byte signatures, through Bouncy Castle. */
public final class Ed25519 {
    public static final int KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    private Ed25519() {
    }

    /**
     * @param random randomness
     * @return a fresh raw private key (32 bytes)
     */
    public static byte[] generatePrivate(SecureRandom random) {
        return new Ed25519PrivateKeyParameters(random).getEncoded();
    }

    /** @return the raw public key of a raw private key */
    public static byte[] publicOf(byte[] privateKey) {
        return new Ed25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
    }

    /** @return the 64-byte signature of message */
    public static byte[] sign(byte[] privateKey, byte[] message, int off, int len) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, new Ed25519PrivateKeyParameters(privateKey, 0));
        s.update(message, off, len);
        return s.generateSignature();
    }

    /** @return true if signature is valid for message under publicKey; false for any malformed input */
    public static boolean verify(byte[] publicKey, byte[] message, int off, int len, byte[] signature) {
        if (publicKey == null || publicKey.length != KEY_BYTES || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Ed25519Signer s = new Ed25519Signer();
            s.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            s.update(message, off, len);
            return s.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
