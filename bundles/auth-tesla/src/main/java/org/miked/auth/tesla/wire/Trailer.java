package org.miked.auth.tesla.wire;

import java.util.Arrays;

/**
 * A decoded, not yet authenticated TESLA trailer ({@link TrailerCodec} gives the layout).
 *
 * @param flags {@link TrailerCodec#FLAG_MAC}, {@link TrailerCodec#FLAG_KEY}, {@link TrailerCodec#FLAG_BOOTSTRAP}
 * @param chainId the key chain
 * @param interval i: the interval whose key MACs the message; a disclosed key is K_{i-d}; in a bootstrap
 *     the commitment index
 * @param bootstrap the bootstrap, or null
 * @param key the disclosed key K_{i-d}, or null
 * @param mac the truncated MAC, or null
 * @param messageLength bytes of the sealed input before the trailer (the message)
 * @param signatureOffset offset of the bootstrap signature in the sealed input, or -1
 */
public record Trailer(int flags, int chainId, long interval, Bootstrap bootstrap, byte[] key, byte[] mac,
        int messageLength, int signatureOffset) {

    public boolean hasMac() {
        return (flags & TrailerCodec.FLAG_MAC) != 0;
    }

    public boolean hasKey() {
        return (flags & TrailerCodec.FLAG_KEY) != 0;
    }

    public boolean hasBootstrap() {
        return (flags & TrailerCodec.FLAG_BOOTSTRAP) != 0;
    }

    /** @return a copy of the message part of the sealed input this trailer was decoded from */
    public byte[] message(byte[] sealed) {
        return Arrays.copyOf(sealed, messageLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trailer t && flags == t.flags && chainId == t.chainId && interval == t.interval
                && java.util.Objects.equals(bootstrap, t.bootstrap) && Arrays.equals(key, t.key)
                && Arrays.equals(mac, t.mac) && messageLength == t.messageLength
                && signatureOffset == t.signatureOffset;
    }

    @Override
    public int hashCode() {
        return (flags * 31 + chainId) * 31 + Long.hashCode(interval);
    }
}
