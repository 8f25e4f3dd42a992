package org.miked.kernel;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaException;
import org.miked.common.net.IpLiteral;

/**
 * An MSA's source and destination, parsed with {@link IpLiteral} (no name lookup) and checked to be of
 * one address family, as both kernel sinks need them for every message.
 *
 * @param src the sender's address
 * @param dst the group (multicast) address
 */
public record SaEndpoints(InetAddress src, InetAddress dst) {
    /** Linux's AF_INET / AF_INET6, the family numbers netlink and PF_KEY both carry. */
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    /**
     * @param msa the MSA
     * @return its endpoints
     * @throws SaException naming the MSA, the field (source / destination) and why it is not a literal, or
     *     that the two are of different families
     */
    public static SaEndpoints of(Msa msa) throws SaException {
        InetAddress dst = literal(msa, "destination", msa.id().destination());
        InetAddress src = literal(msa, "source", msa.source());
        if ((src instanceof Inet6Address) != (dst instanceof Inet6Address)) {
            throw new SaException(msa.id() + ": source " + msa.source() + " and destination " + msa.id().destination()
                    + " are of different address families");
        }
        return new SaEndpoints(src, dst);
    }

    private static InetAddress literal(Msa msa, String what, String text) throws SaException {
        try {
            return IpLiteral.address(text);
        } catch (IllegalArgumentException e) {
            throw new SaException(msa.id() + ": " + what + " '" + text + "' is not an IPv4 or IPv6 address literal: "
                    + e.getMessage());
        }
    }

    /** @return true for IPv6 endpoints */
    public boolean v6() {
        return dst instanceof Inet6Address;
    }

    /** @return {@link #AF_INET} or {@link #AF_INET6} */
    public int family() {
        return v6() ? AF_INET6 : AF_INET;
    }
}
