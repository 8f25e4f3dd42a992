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

    /**
     * @param privateKey raw private key
     * @return a signer that keeps the decoded key (signing then costs one scalar multiplication, not two)
     */
    public static Signer signer(byte[] privateKey) {
        return new Signer(new Ed25519PrivateKeyParameters(privateKey, 0));
    }

    /**
     * @param publicKey raw public key
     * @return a verifier that keeps the decoded point, or null if the key is not a valid encoding
     */
    public static Verifier verifier(byte[] publicKey) {
        if (publicKey == null || publicKey.length != KEY_BYTES) {
            return null;
        }
        try {
            return new Verifier(new Ed25519PublicKeyParameters(publicKey, 0));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A reusable signing key. */
    public static final class Signer {
        private final Ed25519PrivateKeyParameters key;
        private final Ed25519PublicKeyParameters pub;

        Signer(Ed25519PrivateKeyParameters key) {
            this.key = key;
            this.pub = key.generatePublicKey();
        }

        /** @return the 64-byte signature of message[off, off+len) */
        public byte[] sign(byte[] message, int off, int len) {
            byte[] sig = new byte[SIGNATURE_BYTES];
            key.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, pub, null, message, off, len, sig, 0);
            return sig;
        }

        /** @return the raw public key */
        public byte[] publicKey() {
            return pub.getEncoded();
        }
    }

    /** A reusable public key. */
    public static final class Verifier {
        private final Ed25519PublicKeyParameters key;

        Verifier(Ed25519PublicKeyParameters key) {
            this.key = key;
        }

        /** @return true if sig[sigOff, sigOff+64) is valid for message[off, off+len) */
        public boolean verify(byte[] message, int off, int len, byte[] sig, int sigOff) {
            if (sig.length - sigOff < SIGNATURE_BYTES) {
                return false;
            }
            try {
                return key.verify(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, message, off, len,
                        sig, sigOff);
            } catch (RuntimeException e) {
                return false;
            }
        }
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
