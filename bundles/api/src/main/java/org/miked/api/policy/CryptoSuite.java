package org.miked.api.policy;

import org.miked.api.sa.IpsecProtocol;

/**
 * Algorithms of the MSAs a group uses.
 *
 * @param protocol ESP, or AH together with ESP
 * @param encryption encryption algorithm name as the kernel knows it, e.g. {@code "rfc4106(gcm(aes))"},
 *     {@code "cbc(aes)"}
 * @param encryptionKeyBits encryption key length in bits (for GCM including the 32-bit salt)
 * @param integrity group-authentication MAC, e.g. {@code "hmac(sha256)"}, or {@code "none"} for AEAD
 * @param integrityKeyBits MAC key length in bits (0 with {@code "none"})
 * @param icvBits ICV length in bits
 * @param sourceAuthentication source-authentication scheme of the data traffic ({@code "none"},
 *     {@code "tesla"}, {@code "rsa-sha256"}); carried in the MSA for sinks that support it
 */
public record CryptoSuite(IpsecProtocol protocol, String encryption, int encryptionKeyBits, String integrity,
        int integrityKeyBits, int icvBits, String sourceAuthentication) {

    /** AES-128-GCM (RFC 4106) with a 128-bit ICV, ESP only: the default. */
    public static final CryptoSuite DEFAULT = new CryptoSuite(IpsecProtocol.ESP, "rfc4106(gcm(aes))", 160, "none", 0,
            128, "none");

    /** AES-CBC with HMAC-SHA-256 (what most kernels and tshark support). */
    public static final CryptoSuite AES_CBC_HMAC_SHA256 = new CryptoSuite(IpsecProtocol.ESP, "cbc(aes)", 128,
            "hmac(sha256)", 256, 128, "none");

    /** @return bytes of keying material an MSA of this suite needs (encryption then integrity) */
    public int keyMaterialBytes() {
        return (encryptionKeyBits + integrityKeyBits) / 8;
    }
}
