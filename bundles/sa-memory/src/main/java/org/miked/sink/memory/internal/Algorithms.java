package org.miked.sink.memory.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaException;

/**
 * The algorithms the memory sink accepts, with the key and ICV sizes Linux accepts for them (names as
 * in {@code ip xfrm}). The simulator should refuse exactly what the kernel sinks would refuse, so that
 * a GMF bug in key derivation shows up in simulation and not first on a real host.
 */
final class Algorithms {
    private Algorithms() {
    }

    /**
     * @param keyBytes allowed key lengths in bytes (AEAD: including the salt)
     * @param icvBits allowed ICV lengths in bits
     * @param aead combined encryption and integrity (then integrity must be {@code "none"})
     */
    record Spec(Set<Integer> keyBytes, Set<Integer> icvBits, boolean aead) {
    }

    private static final Set<Integer> AES_SALTED = Set.of(20, 28, 36); // 16/24/32 + 4-byte salt
    private static final Set<Integer> AEAD_ICV = Set.of(64, 96, 128);

    /** Encryption algorithms: RFC 4106 GCM, RFC 4309 CCM, RFC 7634 ChaCha20-Poly1305, CBC, CTR, null. */
    static final Map<String, Spec> ENCRYPTION = Map.of(
            "rfc4106(gcm(aes))", new Spec(AES_SALTED, AEAD_ICV, true),
            "rfc4309(ccm(aes))", new Spec(Set.of(19, 27, 35), AEAD_ICV, true), // 3-byte salt
            "rfc7539esp(chacha20,poly1305)", new Spec(Set.of(36), Set.of(128), true),
            "cbc(aes)", new Spec(Set.of(16, 24, 32), Set.of(), false),
            "rfc3686(ctr(aes))", new Spec(AES_SALTED, Set.of(), false),
            "ecb(cipher_null)", new Spec(Set.of(0), Set.of(), false));

    /** Integrity algorithms (RFC 4868 key = digest size; RFC 2404 HMAC-SHA-1; RFC 3566 XCBC). */
    static final Map<String, Spec> INTEGRITY = Map.of(
            "hmac(sha1)", new Spec(Set.of(20), Set.of(96, 160), false),
            "hmac(sha256)", new Spec(Set.of(32), Set.of(96, 128, 256), false),
            "hmac(sha384)", new Spec(Set.of(48), Set.of(192, 384), false),
            "hmac(sha512)", new Spec(Set.of(64), Set.of(256, 512), false),
            "xcbc(aes)", new Spec(Set.of(16), Set.of(96), false));

    /**
     * @param msa an MSA to install
     * @throws SaException naming the algorithm, the size found and the sizes allowed, if the kernel would
     *     refuse it
     */
    static void check(Msa msa) throws SaException {
        String enc = msa.encryption();
        Spec e = ENCRYPTION.get(enc);
        if (e == null) {
            throw new SaException(msa.id() + ": unknown encryption algorithm '" + enc + "' (known: "
                    + new TreeSet<>(ENCRYPTION.keySet()) + ")");
        }
        int ek = msa.encryptionKey().length;
        if (!e.keyBytes().contains(ek)) {
            throw new SaException(msa.id() + ": " + enc + " needs a key of " + sorted(e.keyBytes())
                    + " bytes" + (e.aead() ? " (key + salt)" : "") + ", got " + ek);
        }
        String integ = msa.integrity();
        int ik = msa.integrityKey().length;
        if (e.aead()) {
            if (!"none".equals(integ) || ik != 0) {
                throw new SaException(msa.id() + ": " + enc + " is an AEAD: integrity must be 'none' without a key, got '"
                        + integ + "' with " + ik + " bytes");
            }
            if (!e.icvBits().contains(msa.icvBits())) {
                throw new SaException(msa.id() + ": " + enc + " ICV must be " + sorted(e.icvBits()) + " bits, got "
                        + msa.icvBits());
            }
        } else {
            if ("none".equals(integ)) {
                throw new SaException(msa.id() + ": " + enc + " without integrity is refused: confidentiality-only ESP"
                        + " is open to active attacks (RFC 8221 section 5); use an AEAD or add e.g. hmac(sha256)");
            }
            Spec i = INTEGRITY.get(integ);
            if (i == null) {
                throw new SaException(msa.id() + ": unknown integrity algorithm '" + integ + "' (known: "
                        + new TreeSet<>(INTEGRITY.keySet()) + ", or 'none' with an AEAD)");
            }
            if (!i.keyBytes().contains(ik)) {
                throw new SaException(msa.id() + ": " + integ + " needs a key of " + sorted(i.keyBytes())
                        + " bytes, got " + ik);
            }
            if (!i.icvBits().contains(msa.icvBits())) {
                throw new SaException(msa.id() + ": " + integ + " ICV must be " + sorted(i.icvBits()) + " bits, got "
                        + msa.icvBits());
            }
        }
        if (msa.id().protocol() == IpsecProtocol.AH_ESP && e.aead()) {
            throw new SaException(msa.id() + ": AH+ESP needs an integrity algorithm for AH; " + enc
                    + " is an AEAD with integrity 'none'");
        }
    }

    private static String sorted(Set<Integer> s) {
        return new TreeSet<>(s).toString().replace("[", "").replace("]", "").replace(", ", "/");
    }
}
