package org.miked.sim.network.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.miked.api.MemberId;

/**
 * A group policy's {@code excluded} rules as the simulator applies them. A rule is a member id (matched
 * exactly) or an address prefix {@code addr/len}. Simulated hosts have no addresses, so a prefix rule
 * only matches a host whose member id is itself an IPv4 or IPv6 literal (such as {@code fd00::12});
 * it never matches names such as {@code r00042}.
 */
public final class ExclusionFilter {
    /** Filter without rules. */
    public static final ExclusionFilter NONE = new ExclusionFilter(Set.of(), List.of());

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final Set<String> ids;
    private final List<Prefix> prefixes;

    private record Prefix(byte[] net, int bits) {
        boolean contains(byte[] a) {
            if (a.length != net.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != net[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (net[full] & mask);
        }
    }

    private ExclusionFilter(Set<String> ids, List<Prefix> prefixes) {
        this.ids = ids;
        this.prefixes = prefixes;
    }

    /**
     * @param rules the policy's rules
     * @return the compiled filter
     * @throws IllegalArgumentException if a prefix rule is malformed
     */
    public static ExclusionFilter of(List<String> rules) {
        if (rules.isEmpty()) {
            return NONE;
        }
        Set<String> ids = new HashSet<>();
        List<Prefix> prefixes = new ArrayList<>();
        for (String r : rules) {
            int slash = r.indexOf('/');
            if (slash < 0) {
                ids.add(r.trim());
                continue;
            }
            byte[] net = literal(r.substring(0, slash).trim());
            int bits;
            try {
                bits = Integer.parseInt(r.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (net == null || bits < 0 || bits > net.length * 8) {
                throw new IllegalArgumentException("excluded rule is neither a member id nor an address prefix: '" + r + "'");
            }
            prefixes.add(new Prefix(net, bits));
        }
        return new ExclusionFilter(Set.copyOf(ids), List.copyOf(prefixes));
    }

    /**
     * @param sender a datagram's sender
     * @return true if its datagrams must be dropped
     */
    public boolean excludes(MemberId sender) {
        if (ids.contains(sender.id())) {
            return true;
        }
        if (prefixes.isEmpty()) {
            return false;
        }
        byte[] a = literal(sender.id());
        if (a == null) {
            return false;
        }
        for (Prefix p : prefixes) {
            if (p.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** Parses an address literal without ever resolving a name; null if it is not one. */
    private static byte[] literal(String s) {
        if (!LITERAL.matcher(s).matches()) {
            return null;
        }
        boolean v6 = s.indexOf(':') >= 0;
        if (!v6 && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        if (!v6) {
            byte[] out = new byte[4];
            String[] parts = s.split("\\.");
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                out[i] = (byte) v;
            }
            return out;
        }
        try {
            // only hex digits, ':' and '.' reach here: InetAddress parses a literal, never does a lookup
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ExclusionFilter" + ids + prefixes.stream().map(p -> new BigInteger(1, p.net).toString(16) + "/" + p.bits).toList();
    }
}
