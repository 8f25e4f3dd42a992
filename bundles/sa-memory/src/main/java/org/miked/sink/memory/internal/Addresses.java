package org.miked.sink.memory.internal;

import org.miked.api.sa.Msa;
import org.miked.api.sa.SaException;
import org.miked.common.net.IpLiteral;

/** Checks an MSA's addresses as a kernel would: literals of one family, parsed by {@link IpLiteral}. */
final class Addresses {
    private Addresses() {
    }

    /** @throws SaException if source or destination is not an address literal, or they differ in family */
    static void check(Msa msa) throws SaException {
        boolean v6dst = literal(msa, "destination", msa.id().destination());
        boolean v6src = literal(msa, "source", msa.source());
        if (v6dst != v6src) {
            throw new SaException(msa.id() + ": source " + msa.source() + " and destination " + msa.id().destination()
                    + " are of different address families");
        }
    }

    /** @return true for an IPv6 address (::ffff:a.b.c.d counts as IPv4, as the kernel sinks see it) */
    private static boolean literal(Msa msa, String what, String s) throws SaException {
        try {
            return IpLiteral.address(s).getAddress().length == 16;
        } catch (IllegalArgumentException e) {
            throw new SaException(msa.id() + ": " + what + " '" + s + "' is not an IPv4 or IPv6 address literal: "
                    + e.getMessage());
        }
    }
}
