package org.miked.api.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.miked.api.MemberId;

/**
 * Key material that authenticates key-management messages of one group at one host.
 * Arrays are copied in and out: a {@code Credentials} never changes.
 *
 * @param signingKey this host's private signing key (encoding defined by the auth scheme, Ed25519 raw
 *     32 bytes by default); empty if the host signs nothing
 * @param verifyKeys public keys of the peers this host accepts messages from (senders, and at a key
 *     server its allowed receivers); a peer without a key here is not allowed
 * @param individualKeys pre-provisioned individual (leaf) keys: at a key server those of its EMCON
 *     receivers, at an EMCON receiver its own
 */
public record Credentials(byte[] signingKey, Map<MemberId, byte[]> verifyKeys, Map<MemberId, byte[]> individualKeys) {

    /** No credentials at all. */
    public static final Credentials NONE = new Credentials(new byte[0], Map.of(), Map.of());

    public Credentials {
        signingKey = signingKey.clone();
        verifyKeys = copy(verifyKeys);
        individualKeys = copy(individualKeys);
    }

    private static Map<MemberId, byte[]> copy(Map<MemberId, byte[]> in) {
        Map<MemberId, byte[]> out = new HashMap<>();
        in.forEach((k, v) -> out.put(Objects.requireNonNull(k), v.clone()));
        return Map.copyOf(out);
    }

    @Override
    public byte[] signingKey() {
        return signingKey.clone();
    }

    /**
     * @param peer a member
     * @return a copy of the member's public key, or null if the member is not allowed
     */
    public byte[] verifyKey(MemberId peer) {
        byte[] k = verifyKeys.get(peer);
        return k == null ? null : k.clone();
    }

    /**
     * @param member a member
     * @return a copy of its pre-provisioned individual key, or null
     */
    public byte[] individualKey(MemberId member) {
        byte[] k = individualKeys.get(member);
        return k == null ? null : k.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && Arrays.equals(signingKey, c.signingKey)
                && sameKeys(verifyKeys, c.verifyKeys) && sameKeys(individualKeys, c.individualKeys);
    }

    private static boolean sameKeys(Map<MemberId, byte[]> a, Map<MemberId, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (var e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signingKey) * 31 + verifyKeys.keySet().hashCode() * 7 + individualKeys.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "Credentials[signingKey=" + (signingKey.length == 0 ? "none" : "<" + signingKey.length + " bytes>")
                + ", verifyKeys=" + verifyKeys.size() + ", individualKeys=" + individualKeys.size() + "]";
    }
}
