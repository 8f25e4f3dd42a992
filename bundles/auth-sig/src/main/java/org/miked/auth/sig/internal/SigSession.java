package org.miked.auth.sig.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.miked.api.MemberId;
import org.miked.api.auth.AuthException;
import org.miked.api.auth.AuthSession;
import org.miked.api.auth.Authenticated;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.runtime.CryptoMemo;
import org.miked.common.crypto.Ed25519;

/**
 * Ed25519 sealing of one group's messages at one host.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                  message (framed by the GMF)                  ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Ed25519 signature over the message (64 bytes)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The message already names group, sender, epoch and sequence, so the signature binds all of them.
 * Decoded public keys are cached per peer, since a receiver verifies every rekey of its key server. The
 * verification goes through the host's {@link CryptoMemo}: on a real host it always runs; simulated
 * hosts of one network check an identical (key, message, signature) once and share the result.
 */
final class SigSession implements AuthSession {
    private final GroupPolicy policy;
    private final Ed25519.Signer signer;
    /** A peer's decoded key and its encoding (what a shared result is remembered under). */
    private record PeerKey(Ed25519.Verifier verifier, byte[] encoded) {
    }

    private final Map<MemberId, PeerKey> verifiers = new HashMap<>(4);
    /** The last peer verified and its key: a receiver verifies its key server almost only. */
    private MemberId lastPeer;
    private PeerKey lastKey;
    private final CryptoMemo memo;
    /** This host's own public key and a verifier only the memo's worker uses (decoded at the first seal). */
    private byte[] ownPublic;
    private Ed25519.Verifier ownVerifier;

    SigSession(GroupPolicy policy, CryptoMemo memo) {
        this.policy = policy;
        this.memo = memo;
        byte[] key = policy.credentials().signingKey();
        if (key.length != 0 && key.length != Ed25519.KEY_BYTES) {
            throw new IllegalArgumentException("policy for group '" + policy.group() + "': field 'signingKey': "
                    + "Ed25519 needs a 32-byte private key, got " + key.length + " bytes");
        }
        this.signer = key.length == 0 ? null : Ed25519.signer(key);
    }

    @Override
    public byte[] seal(byte[] message) {
        if (signer == null) {
            throw new IllegalStateException("group '" + policy.group() + "' has no signing key at this host");
        }
        byte[] sig = signer.sign(message, 0, message.length);
        byte[] out = Arrays.copyOf(message, message.length + sig.length);
        System.arraycopy(sig, 0, out, message.length, sig.length);
        if (memo != CryptoMemo.NONE) {
            // its receivers will verify exactly this: a simulated network may do it ahead on another core
            if (ownPublic == null) {
                ownPublic = signer.publicKey();
                ownVerifier = Ed25519.verifier(ownPublic);
            }
            Ed25519.Verifier v = ownVerifier;
            int n = message.length;
            memo.expect(SigScheme.NAME, ownPublic, out, () -> v.verify(out, 0, n, out, n));
        }
        return out;
    }

    @Override
    public List<Authenticated> open(MemberId claimedSender, byte[] sealed) throws AuthException {
        if (sealed.length < Ed25519.SIGNATURE_BYTES + 1) {
            throw new AuthException("truncated: " + sealed.length + " bytes cannot hold a message and a signature");
        }
        PeerKey pk = claimedSender == lastPeer ? lastKey : verifiers.get(claimedSender);
        if (pk == null) {
            byte[] key = policy.credentials().verifyKey(claimedSender);
            Ed25519.Verifier v = Ed25519.verifier(key);
            if (v == null) {
                throw new AuthException("no valid public key for '" + claimedSender + "' in the group policy");
            }
            pk = new PeerKey(v, key);
            verifiers.put(claimedSender, pk);
        }
        lastPeer = claimedSender;
        lastKey = pk;
        int n = sealed.length - Ed25519.SIGNATURE_BYTES;
        Ed25519.Verifier check = pk.verifier();
        // deterministic in (key, bytes): hosts of one simulated network may share the result
        if (!memo.verify(SigScheme.NAME, pk.encoded(), sealed, () -> check.verify(sealed, 0, n, sealed, n))) {
            throw new AuthException("bad Ed25519 signature claimed from '" + claimedSender + "'");
        }
        return List.of(new Authenticated(claimedSender, Arrays.copyOf(sealed, n)));
    }

    @Override
    public int overhead() {
        return Ed25519.SIGNATURE_BYTES;
    }
}
