package org.miked.dh.group;

import java.util.List;
import org.bouncycastle.crypto.agreement.DHStandardGroups;

/** The groups a policy can name ({@code bd.group}, {@code gdh.group}) and their wire codes. */
public final class DhGroups {
    /** The default group. */
    public static final String DEFAULT = "P-256";
    private static final DhGroup P256 = new EcGroup();
    private static final DhGroup FFDHE2048 = new FfdheGroup("ffdhe2048", 2, DHStandardGroups.rfc7919_ffdhe2048);
    private static final DhGroup FFDHE3072 = new FfdheGroup("ffdhe3072", 3, DHStandardGroups.rfc7919_ffdhe3072);
    private static final List<DhGroup> ALL = List.of(P256, FFDHE2048, FFDHE3072);

    private DhGroups() {
    }

    /**
     * @param name {@code P-256} (also {@code secp256r1}), {@code ffdhe2048} or {@code ffdhe3072}
     * @return the group
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static DhGroup byName(String name) {
        String n = name.trim();
        if (n.equalsIgnoreCase("secp256r1") || n.equalsIgnoreCase("p256")) {
            return P256;
        }
        for (DhGroup g : ALL) {
            if (g.name().equalsIgnoreCase(n)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown DH group '" + name + "' (known: P-256, ffdhe2048, ffdhe3072)");
    }

    /** @return the group with this wire code, or null */
    public static DhGroup byCode(int code) {
        for (DhGroup g : ALL) {
            if (g.code() == code) {
                return g;
            }
        }
        return null;
    }

    /** @return all groups */
    public static List<DhGroup> all() {
        return ALL;
    }
}
