package org.miked.policy.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.miked.api.policy.CryptoSuite;
import org.miked.api.sa.IpsecProtocol;

/**
 * Checks an MSA crypto suite against the Linux kernel's algorithm names and key sizes (RFC 4106, 4309,
 * 7539, 4543, 3602, 3686, 2410 for ciphers; RFC 2404, 4868, 3566, 4494 for MACs). An algorithm name that
 * is not in the table is allowed (a sink may support more) if it is well-formed and its lengths are whole
 * bytes; a known name must have one of its key and ICV lengths.
 */
final class SuiteRules {
    /** Key and ICV lengths of a known algorithm; {@code aead} ciphers carry their own ICV. */
    private record Algorithm(Set<Integer> keyBits, Set<Integer> icvBits, boolean aead) {
    }

    private static final Map<String, Algorithm> CIPHERS = Map.of(
            "rfc4106(gcm(aes))", new Algorithm(Set.of(160, 224, 288), Set.of(64, 96, 128), true),
            "rfc4309(ccm(aes))", new Algorithm(Set.of(152, 216, 280), Set.of(64, 96, 128), true),
            "rfc7539esp(chacha20,poly1305)", new Algorithm(Set.of(288), Set.of(128), true),
            "rfc4543(gcm(aes))", new Algorithm(Set.of(160, 224, 288), Set.of(128), true),
            "cbc(aes)", new Algorithm(Set.of(128, 192, 256), Set.of(), false),
            "rfc3686(ctr(aes))", new Algorithm(Set.of(160, 224, 288), Set.of(), false),
            "ecb(cipher_null)", new Algorithm(Set.of(0), Set.of(), false));

    private static final Map<String, Algorithm> MACS = Map.of(
            "hmac(sha1)", new Algorithm(Set.of(160), Set.of(96, 160), false),
            "hmac(sha256)", new Algorithm(Set.of(256), Set.of(128, 256), false),
            "hmac(sha384)", new Algorithm(Set.of(384), Set.of(192, 384), false),
            "hmac(sha512)", new Algorithm(Set.of(512), Set.of(256, 512), false),
            "xcbc(aes)", new Algorithm(Set.of(128), Set.of(96), false),
            "cmac(aes)", new Algorithm(Set.of(128), Set.of(96), false));

    /** Kernel crypto API template syntax: {@code name} or {@code name(inner[,inner])}. */
    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9_-]+(\\([a-z0-9_(),-]+\\))?");

    private static final String NONE = "none";
    private static final int MAX_BITS = 4096;

    private SuiteRules() {
    }

    /**
     * @return the validated suite
     * @throws org.miked.api.policy.PolicyException naming the first offending field
     */
    static CryptoSuite check(FieldErrors errors, String protocolRaw, String encryptionRaw, int encryptionKeyBits,
            String integrityRaw, int integrityKeyBits, int icvBits, String sourceAuthRaw) {
        IpsecProtocol protocol = protocol(errors, protocolRaw);
        String encryption = algorithm(errors, "encryption", encryptionRaw);
        if (encryption.equals(NONE)) {
            throw errors.at("encryption", "'none' is not a cipher; integrity-only ESP is 'ecb(cipher_null)' with 0 bits");
        }
        String integrity = algorithm(errors, "integrity", integrityRaw);
        Algorithm cipher = CIPHERS.get(encryption);
        Algorithm mac = MACS.get(integrity);
        boolean noMac = integrity.equals(NONE);

        bits(errors, "encryptionKeyBits", encryptionKeyBits, cipher, encryption);
        if (noMac) {
            if (integrityKeyBits != 0) {
                throw errors.at("integrityKeyBits", "must be 0 with integrity 'none', got " + integrityKeyBits);
            }
            if (protocol == IpsecProtocol.AH_ESP) {
                throw errors.at("integrity", "AH_ESP needs an integrity algorithm for AH, got 'none'");
            }
            if (cipher != null && !cipher.aead()) {
                throw errors.at("integrity", "'" + encryption + "' is not an AEAD cipher: it needs an integrity "
                        + "algorithm, got 'none'");
            }
        } else {
            if (cipher != null && cipher.aead() && protocol == IpsecProtocol.ESP) {
                throw errors.at("integrity", "'" + encryption + "' is an AEAD cipher: integrity must be 'none' "
                        + "with ESP, got '" + integrity + "'");
            }
            bits(errors, "integrityKeyBits", integrityKeyBits, mac, integrity);
            if (integrityKeyBits == 0) {
                throw errors.at("integrityKeyBits", "must be above 0 with integrity '" + integrity + "'");
            }
        }
        // the ICV is the MAC's truncation when there is a MAC, else the AEAD tag
        Algorithm icvOwner = noMac ? cipher : mac;
        String icvName = noMac ? encryption : integrity;
        if (icvOwner != null && !icvOwner.icvBits().contains(icvBits)) {
            throw errors.at("icvBits", "'" + icvName + "' allows " + sorted(icvOwner.icvBits()) + ", got " + icvBits);
        }
        if (icvOwner == null && (icvBits < 32 || icvBits > 512 || icvBits % 8 != 0)) {
            throw errors.at("icvBits", "must be a multiple of 8 in 32..512, got " + icvBits);
        }
        String sourceAuth = Fields.name(errors, "sourceAuthentication", sourceAuthRaw);
        return new CryptoSuite(protocol, encryption, encryptionKeyBits, integrity, integrityKeyBits, icvBits,
                sourceAuth);
    }

    private static IpsecProtocol protocol(FieldErrors errors, String raw) {
        String v = ConfigValues.text(raw).toUpperCase(Locale.ROOT).replace('+', '_');
        try {
            return IpsecProtocol.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw errors.at("protocol", "must be ESP or AH_ESP, got '" + ConfigValues.text(raw) + "'");
        }
    }

    private static String algorithm(FieldErrors errors, String field, String raw) {
        String v = ConfigValues.text(raw);
        if (v.isEmpty()) {
            throw errors.at(field, "must name an algorithm (use 'none' for no " + field + ")");
        }
        if (!ALGORITHM.matcher(v).matches() || !balanced(v)) {
            throw errors.at(field, "'" + v + "' is not a kernel algorithm name such as cbc(aes) or hmac(sha256)");
        }
        return v;
    }

    private static void bits(FieldErrors errors, String field, int bits, Algorithm known, String name) {
        if (known != null) {
            if (!known.keyBits().contains(bits)) {
                throw errors.at(field, "'" + name + "' needs " + sorted(known.keyBits()) + " bits, got " + bits);
            }
        } else if (bits < 0 || bits > MAX_BITS || bits % 8 != 0) {
            throw errors.at(field, "must be a multiple of 8 in 0.." + MAX_BITS + ", got " + bits);
        }
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    private static String sorted(Set<Integer> s) {
        return s.stream().sorted().toList().toString();
    }
}
