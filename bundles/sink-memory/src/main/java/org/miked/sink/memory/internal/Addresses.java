package org.miked.sink.memory.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaException;

/** Checks an MSA's addresses as a kernel would: literals of one family. Never resolves a name. */
final class Addresses {
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6ISH = Pattern.compile("[0-9A-Fa-f:.]+");

    private Addresses() {
    }

    /** @throws SaException if source or destination is not an address literal, or they differ in family */
    static void check(Msa msa) throws SaException {
        InetAddress dst = literal(msa, "destination", msa.id().destination());
        InetAddress src = literal(msa, "source", msa.source());
        if ((dst instanceof Inet6Address) != (src instanceof Inet6Address)) {
            throw new SaException(msa.id() + ": source " + msa.source() + " and destination " + msa.id().destination()
                    + " are of different address families");
        }
    }

    private static InetAddress literal(Msa msa, String what, String s) throws SaException {
        boolean v6 = s.indexOf(':') >= 0;
        if (v6 ? V6ISH.matcher(s).matches() : V4.matcher(s).matches()) {
            try {
                // only digits, hex, ':' and '.' get here: InetAddress parses the literal, no lookup
                return InetAddress.getByName(s);
            } catch (UnknownHostException e) {
                // fall through to the error below
            }
        }
        throw new SaException(msa.id() + ": " + what + " '" + s + "' is not an IPv4 or IPv6 address literal");
    }
}
