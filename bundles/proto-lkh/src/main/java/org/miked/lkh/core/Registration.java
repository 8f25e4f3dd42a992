package org.miked.lkh.core;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.runtime.RandomSource;
import org.miked.common.crypto.Hkdf;

/**
 * Key derivations of proto-lkh: the registration key (ephemeral X25519 between receiver and key server,
 * then HKDF over the transcript) and the leaf key of a pre-provisioned (EMCON) individual key.
 */
public final class Registration {
    private Registration() {
    }

    /** An ephemeral X25519 key pair. */
    public record KeyPair(byte[] priv, byte[] pub) {
    }

    /** @return a fresh X25519 key pair from the host's randomness */
    public static KeyPair generate(RandomSource random) {
        byte[] priv = random.bytes(X25519.SCALAR_SIZE);
        byte[] pub = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(priv, 0, pub, 0);
        return new KeyPair(priv, pub);
    }

    /** The key server's half of a registration: its ephemeral public key and the KEK (null: low-order key). */
    public record ServerHalf(byte[] pub, byte[] kek) {
    }

    /**
     * The key server's half of a registration from its ephemeral private key: a pure function (the caller
     * drew the key), so it may run on another core ahead of the batch that needs it.
     *
     * @param priv the server's ephemeral X25519 private key
     * @param clientPub the receiver's public key from its REGISTER
     * @return the server's ephemeral public key and the KEK, null if the receiver's key is a low-order point
     */
    public static ServerHalf serverHalf(GroupId group, MemberId client, MemberId server, byte[] priv,
            byte[] clientPub) {
        byte[] pub = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(priv, 0, pub, 0);
        return new ServerHalf(pub, kek(group, client, server, priv, clientPub, pub, clientPub));
    }

    /**
     * @param group the group
     * @param client the registering receiver
     * @param server its key server
     * @param ownPriv this side's X25519 private key
     * @param clientPub the receiver's public key
     * @param serverPub the server's public key
     * @param peerPub the other side's public key
     * @return the 16-byte registration KEK, or null if the peer's key is a low-order point (all-zero secret)
     */
    public static byte[] kek(GroupId group, MemberId client, MemberId server, byte[] ownPriv, byte[] clientPub,
            byte[] serverPub, byte[] peerPub) {
        byte[] shared = new byte[X25519.POINT_SIZE];
        if (!X25519.calculateAgreement(ownPriv, 0, peerPub, 0, shared, 0)) {
            return null;
        }
        byte[] transcript = Hkdf.sha256("miked lkh register".getBytes(StandardCharsets.UTF_8),
                utf8(group.name()), new byte[1], utf8(client.id()), new byte[1], utf8(server.id()), new byte[1],
                clientPub, serverPub);
        byte[] k = Hkdf.derive(shared, transcript, "lkh registration", KeyTree.KEY_LEN, group.name());
        java.util.Arrays.fill(shared, (byte) 0);
        return k;
    }

    /**
     * @param group the group
     * @param member the EMCON receiver
     * @param individual its pre-provisioned individual key (any length)
     * @return its 16-byte leaf key (the same at server and receiver; domain-separated from other uses)
     */
    public static byte[] leafKey(GroupId group, MemberId member, byte[] individual) {
        return Hkdf.derive(individual, new byte[0], "lkh leaf", KeyTree.KEY_LEN, group.name(), member.id());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
