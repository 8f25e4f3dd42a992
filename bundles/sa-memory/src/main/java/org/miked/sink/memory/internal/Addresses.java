package org.miked.sink.memory.internal;

import org.miked.api.sa.Msa;
import org.miked.api.sa.SaException;
import org.miked.common.net.IpLiteral;

/**
 * Checks an MSA's addresses as a kernel would: literals of one family, parsed by {@link IpLiteral}. A
 * simulation installs millions of MSAs with a few dozen distinct address strings, so the family of each
 * valid literal is remembered (up to {@value #REMEMBERED} strings, shared by every sink of the process).
 */
final class Addresses {
    static final int REMEMBERED = 4096;
    private static final java.util.concurrent.ConcurrentHashMap<String, Boolean> V6 =
            new java.util.concurrent.ConcurrentHashMap<>();

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
        Boolean known = s == null ? null : V6.get(s);
        if (known != null) {
            return known;
        }
        try {
            boolean v6 = IpLiteral.address(s).getAddress().length == 16;
            if (V6.size() < REMEMBERED) {
                V6.put(s, v6);
            }
            return v6;
        } catch (IllegalArgumentException e) {
            throw new SaException(msa.id() + ": " + what + " '" + s + "' is not an IPv4 or IPv6 address literal: "
                    + e.getMessage());
        }
    }
}
