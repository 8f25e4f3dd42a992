package org.miked.gmf.core;

import java.nio.charset.StandardCharsets;
import org.miked.api.GroupId;
import org.miked.api.protocol.EpochKey;
import org.miked.common.crypto.Hkdf;

/** {@code Ke(n) = HKDF-SHA-256(Ks, salt = group, info = "miked epoch" | group | n)} (DESIGN.md). */
public final class EpochKeys {
    private EpochKeys() {
    }

    /**
     * @param senderSecret Ks, the agreed sender secret
     * @param group the group
     * @param epoch n
     * @return Ke(n)
     */
    public static EpochKey derive(byte[] senderSecret, GroupId group, long epoch) {
        byte[] k = Hkdf.derive(senderSecret, group.name().getBytes(StandardCharsets.UTF_8), "epoch", 32,
                group.name(), Long.toUnsignedString(epoch));
        return new EpochKey(epoch, k);
    }
}
