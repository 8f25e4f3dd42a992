package org.miked.gmf.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.common.crypto.Hkdf;
import org.miked.common.wire.WireWriter;
import org.miked.gmf.wire.Control;

/**
 * The key-confirmation tag of one member for one agreement run (docs/gmf-contract.md, "Key confirmation").
 *
 * <pre>
 *  K_c   = HKDF-SHA-256(ikm = Ks, salt = group, info = "miked confirm" 0 group 0 run, 32)
 *  data  = "miked confirm v1" | len | group | run (64) | n (8) | n x (len | id) | len | transcript hash
 *          | len | author id                      (len: one byte; ids in the START's order)
 *  tag   = HMAC-SHA-256(K_c, data)[0..16]
 * </pre>
 * The label keeps K_c apart from every epoch key {@code Ke(n)} (label "epoch"): a tag reveals nothing about
 * the key that is used. The author's id makes each member's tag its own, so that a member cannot pass
 * another's tag off as proof that it holds the key. Bouncy Castle's HMAC and HKDF; tags are compared in
 * constant time.
 */
final class ConfirmationTag {
    private static final byte[] LABEL = "miked confirm v1".getBytes(StandardCharsets.US_ASCII);

    private ConfirmationTag() {
    }

    /**
     * @param secret the run's agreed sender secret Ks
     * @param group the group
     * @param run the run
     * @return K_c, the run's confirmation key
     */
    static byte[] key(byte[] secret, GroupId group, long run) {
        return Hkdf.derive(secret, group.name().getBytes(StandardCharsets.UTF_8), "confirm", 32, group.name(),
                Long.toUnsignedString(run));
    }

    /**
     * @param key K_c of the run
     * @param group the group
     * @param run the run
     * @param members the run's members in the START's order
     * @param transcriptHash the agreement protocol's transcript hash (empty if it has none)
     * @param author the member whose tag this is
     * @return the {@link Control.Confirm#TAG_BYTES}-byte tag
     */
    static byte[] tag(byte[] key, GroupId group, long run, List<MemberId> members, byte[] transcriptHash,
            MemberId author) {
        WireWriter w = new WireWriter(64 + 8 * members.size() + transcriptHash.length);
        w.bytes(LABEL).string8(group.name()).i64(run).u8(members.size());
        members.forEach(m -> w.string8(m.id()));
        w.bytes8(transcriptHash).string8(author.id());
        byte[] data = w.toByteArray();
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] full = new byte[mac.getMacSize()];
        mac.doFinal(full, 0);
        return Arrays.copyOf(full, Control.Confirm.TAG_BYTES);
    }

    /** @return true if both tags are equal (constant time) */
    static boolean matches(byte[] a, byte[] b) {
        return org.bouncycastle.util.Arrays.constantTimeAreEqual(a, b);
    }
}
