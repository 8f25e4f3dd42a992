package org.miked.lkh.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.runtime.RandomSource;
import org.miked.common.crypto.Hkdf;

/**
 * Seals a key server's state record and opens it again: AES-256-GCM (JCA) under a key derived from the
 * host's policy, with the format version, the group and the key server's id bound as associated data.
 *
 * <p>Key: {@code HKDF-SHA256(ikm = the host's signing key from its group policy, salt = "", info = "miked lkh
 * state" NUL group NUL server, 32 bytes)}. The signing key is secret, already in the host's policy, and the
 * one thing an attacker must not have anyway (with it he can sign rekeys as this server); a state file copied
 * off the host opens nowhere else. The key check value is a separate HKDF output of the same input ({@code
 * "miked lkh state check"}), so a record sealed under another key is told apart from one with a changed byte.
 * Nonce: 12 bytes from the host's randomness, fresh for every record.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            magic  'M' 'K' 'S' 'T'  (0x4d4b5354)               |
 * +---------------+---------------+-------------------------------+
 * |  format = 1   |  group len G  |  group name (G bytes, ASCII)  ~
 * +---------------+---------------+-------------------------------+
 * |  server len S |  key server id (S bytes, ASCII)               ~
 * +---------------+-----------------------------------------------+
 * |                key check value (8 bytes)                      |
 * +                                                               +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                nonce (12 bytes)                               |
 * +                                                               +
 * |                                                               |
 * +                                                               +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                body length B (ciphertext without tag)         |
 * +---------------------------------------------------------------+
 * |      AES-256-GCM ciphertext of the body (B bytes) ...         ~
 * +---------------------------------------------------------------+
 * |      GCM tag (16 bytes)                                       |
 * +---------------------------------------------------------------+
 *  associated data = every byte before the ciphertext (magic .. body length)
 * </pre>
 *
 * {@link #open} checks in this order and names the first thing wrong: length (TRUNCATED), magic
 * (NOT_A_RECORD), format (FORMAT), group and server (FOREIGN), key check (WRONG_KEY), body length
 * (TRUNCATED), tag (CORRUPT).
 */
public final class StateSealer {
    /** The record's first four bytes. */
    public static final int MAGIC = 0x4d4b5354;
    /** The format version written. */
    public static final int FORMAT = 1;
    private static final int KCV_LEN = 8;
    private static final int NONCE_LEN = 12;
    private static final int TAG_LEN = 16;
    private static final String LABEL = "miked lkh state";

    private final GroupId group;
    private final MemberId server;
    private final RandomSource random;
    private final SecretKeySpec key;
    private final byte[] kcv;
    private final byte[] prefix;

    /**
     * @param group the group
     * @param server this key server
     * @param signingKey the host's signing key from the group policy (not empty)
     * @param random nonce source (the host's randomness)
     */
    public StateSealer(GroupId group, MemberId server, byte[] signingKey, RandomSource random) {
        if (signingKey.length == 0) {
            throw new IllegalArgumentException("no signing key to seal the state under");
        }
        this.group = group;
        this.server = server;
        this.random = random;
        byte[] k = Hkdf.derive(signingKey, new byte[0], LABEL, 32, group.name(), server.id());
        this.key = new SecretKeySpec(k, "AES");
        Arrays.fill(k, (byte) 0);
        this.kcv = Hkdf.derive(signingKey, new byte[0], LABEL + " check", KCV_LEN, group.name(), server.id());
        byte[] g = group.name().getBytes(StandardCharsets.US_ASCII);
        byte[] s = server.id().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 1 + g.length + 1 + s.length);
        b.putInt(MAGIC).put((byte) FORMAT).put((byte) g.length).put(g).put((byte) s.length).put(s);
        this.prefix = b.array();
    }

    /**
     * @param body the plaintext record body
     * @return the sealed record
     */
    public byte[] seal(byte[] body) {
        byte[] nonce = random.bytes(NONCE_LEN);
        int adLen = prefix.length + KCV_LEN + NONCE_LEN + 4;
        byte[] out = new byte[adLen + body.length + TAG_LEN];
        ByteBuffer b = ByteBuffer.wrap(out);
        b.put(prefix).put(kcv).put(nonce).putInt(body.length);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LEN * 8, nonce));
            c.updateAAD(out, 0, adLen);
            c.doFinal(body, 0, body.length, out, adLen);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * @param record a sealed record (hostile input: the file may have been changed)
     * @return the plaintext body
     * @throws StateDamage naming the first thing wrong with it
     */
    public byte[] open(byte[] record) throws StateDamage {
        int n = record.length;
        if (n < 7) {
            throw new StateDamage(StateDamage.Kind.TRUNCATED, n + " bytes, shorter than any state record");
        }
        ByteBuffer b = ByteBuffer.wrap(record);
        if (b.getInt() != MAGIC) {
            throw new StateDamage(StateDamage.Kind.NOT_A_RECORD, "does not start with the state record magic 'MKST'");
        }
        int format = b.get() & 0xff;
        if (format != FORMAT) {
            throw new StateDamage(StateDamage.Kind.FORMAT, "format version " + format + ", this version reads "
                    + FORMAT);
        }
        String g = name(b, "group");
        String s = name(b, "server");
        if (!g.equals(group.name()) || !s.equals(server.id())) {
            throw new StateDamage(StateDamage.Kind.FOREIGN, "written for group " + g + " by key server " + s
                    + ", this is group " + group.name() + " at " + server.id());
        }
        if (b.remaining() < KCV_LEN + NONCE_LEN + 4 + TAG_LEN) {
            throw new StateDamage(StateDamage.Kind.TRUNCATED, n + " bytes end inside the header");
        }
        byte[] check = new byte[KCV_LEN];
        b.get(check);
        if (!MessageDigest.isEqual(check, kcv)) {
            throw new StateDamage(StateDamage.Kind.WRONG_KEY, "sealed under another key (the host's signing key in "
                    + "the group policy changed, or the record comes from another host)");
        }
        byte[] nonce = new byte[NONCE_LEN];
        b.get(nonce);
        long len = Integer.toUnsignedLong(b.getInt());
        int adLen = b.position();
        if (len + TAG_LEN != n - adLen) {
            throw new StateDamage(len + TAG_LEN > n - adLen ? StateDamage.Kind.TRUNCATED : StateDamage.Kind.CORRUPT,
                    "body of " + len + " bytes announced, " + (n - adLen - TAG_LEN) + " present");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LEN * 8, nonce));
            c.updateAAD(record, 0, adLen);
            return c.doFinal(record, adLen, n - adLen);
        } catch (AEADBadTagException e) {
            throw new StateDamage(StateDamage.Kind.CORRUPT, "authentication failed: a byte of the record changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    }

    private static String name(ByteBuffer b, String what) throws StateDamage {
        if (!b.hasRemaining()) {
            throw new StateDamage(StateDamage.Kind.TRUNCATED, "ends before the " + what + " name");
        }
        int len = b.get() & 0xff;
        if (b.remaining() < len) {
            throw new StateDamage(StateDamage.Kind.TRUNCATED, "ends inside the " + what + " name");
        }
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.US_ASCII);
    }
}
