package org.miked.common.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The documented rule that gives each key server its own rekey multicast address when the policy does not
 * name one: the sender at index {@code i} (0-based, policy order) gets the control address plus
 * {@code i + 1}, added to the last 32 bits without carry beyond them.
 *
 * <pre>
 *   controlAddress 239.77.0.2   -> s01 239.77.0.3, s02 239.77.0.4, ... s25 239.77.0.27
 *   controlAddress ff3e::4d:2   -> s01 ff3e::4d:3, s02 ff3e::4d:4, ... s25 ff3e::4d:1b
 * </pre>
 *
 * An IPv6 address keeps its flags, scope and upper 96 bits (a group identifier in the low 32 bits, as
 * RFC 3307 allocates them); an IPv4 address must stay in 224.0.0.0/4. The operator keeps
 * the next {@code senders} addresses after the control address free for the group.
 */
public final class RekeyAddresses {
    private RekeyAddresses() {
    }

    /**
     * @param controlAddress the group's control multicast address literal
     * @param senders number of senders
     * @return per sender in policy order its derived rekey address literal (canonical text)
     * @throws IllegalArgumentException naming the address if it is not a multicast literal or a derived one
     *     would overflow the last 32 bits or leave the multicast range
     */
    public static List<String> derive(String controlAddress, int senders) {
        byte[] base = IpLiteral.parse(controlAddress);
        if (!IpLiteral.isMulticast(base)) {
            throw new IllegalArgumentException("'" + controlAddress + "' is not a multicast address");
        }
        int n = base.length;
        long low = ((base[n - 4] & 0xffL) << 24) | ((base[n - 3] & 0xffL) << 16) | ((base[n - 2] & 0xffL) << 8)
                | (base[n - 1] & 0xffL);
        List<String> out = new ArrayList<>(senders);
        for (int i = 0; i < senders; i++) {
            long v = low + i + 1;
            if (v > 0xffff_ffffL) {
                throw new IllegalArgumentException("rekey address of sender " + (i + 1) + " past " + controlAddress
                        + " overflows the last 32 bits");
            }
            byte[] a = base.clone();
            a[n - 4] = (byte) (v >>> 24);
            a[n - 3] = (byte) (v >>> 16);
            a[n - 2] = (byte) (v >>> 8);
            a[n - 1] = (byte) v;
            if (!IpLiteral.isMulticast(a)) {
                throw new IllegalArgumentException("rekey address of sender " + (i + 1) + " past " + controlAddress
                        + " leaves the multicast range");
            }
            out.add(IpLiteral.format(a));
        }
        return out;
    }
}
