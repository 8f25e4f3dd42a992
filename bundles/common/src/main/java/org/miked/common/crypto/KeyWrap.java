package org.miked.common.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC3394WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/** AES key wrap (RFC 3394) of 128/256-bit keys under 128/256-bit KEKs, through Bouncy Castle. */
public final class KeyWrap {
    private KeyWrap() {
    }

    /**
     * @param kek key-encryption key, 16 or 32 bytes
     * @param key key to wrap, a multiple of 8 bytes, at least 16
     * @return the wrapped key, 8 bytes longer
     */
    public static byte[] wrap(byte[] kek, byte[] key) {
        RFC3394WrapEngine e = new RFC3394WrapEngine(AESEngine.newInstance());
        e.init(true, new KeyParameter(kek));
        return e.wrap(key, 0, key.length);
    }

    /**
     * @param kek key-encryption key
     * @param wrapped wrapped key
     * @return the key
     * @throws InvalidCipherTextException if the integrity check fails (wrong KEK or tampered)
     */
    public static byte[] unwrap(byte[] kek, byte[] wrapped) throws InvalidCipherTextException {
        if (wrapped.length < 24 || wrapped.length % 8 != 0) {
            throw new InvalidCipherTextException("wrapped key length " + wrapped.length + " is not 24+8k");
        }
        RFC3394WrapEngine e = new RFC3394WrapEngine(AESEngine.newInstance());
        e.init(false, new KeyParameter(kek));
        return e.unwrap(wrapped, 0, wrapped.length);
    }
}
