package org.miked.common.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A group policy's {@code excluded} rules compiled for the real network: member ids (matched against the
 * sender id a datagram claims) and address prefixes {@code addr/len} (matched against the datagram's IP
 * source, before anything of the payload is parsed).
 *
 * <p>Every address is compared in one 128-bit form: an IPv4 address {@code a.b.c.d} is the IPv4-mapped
 * IPv6 address {@code ::ffff:a.b.c.d}, and an IPv4 rule {@code a.b.c.d/n} the prefix
 * {@code ::ffff:a.b.c.d/(96+n)}. So {@code 10.0.0.0/8} matches a datagram that a dual-stack socket
 * reports as from {@code ::ffff:10.1.2.3}, and {@code ::ffff:10.0.0.0/104} matches one from
 * {@code 10.1.2.3}; {@code ::/0} matches everything. A bare address literal without {@code /} is
 * both a member id and a host prefix ({@code /32} or {@code /128}).
 *
 * <p>Immutable and thread-safe. Never resolves a host name.
 */
public final class AddressFilter {
    /** Filter without rules. */
    public static final AddressFilter NONE = new AddressFilter(Set.of(), List.of());


    private final Set<String> ids;
    private final List<Prefix> prefixes;

    /** A prefix in 128-bit form. */
    private record Prefix(byte[] net, int bits) {
        boolean contains(byte[] a16) {
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a16[i] != net[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a16[full] & mask) == (net[full] & mask);
        }

        @Override
        public String toString() {
            return canonical(net) + "/" + bits;
        }
    }

    private AddressFilter(Set<String> ids, List<Prefix> prefixes) {
        this.ids = ids;
        this.prefixes = prefixes;
    }

    /**
     * @param rules the policy's rules
     * @return the compiled filter
     * @throws IllegalArgumentException naming the rule if a prefix rule is malformed
     */
    public static AddressFilter of(List<String> rules) {
        if (rules.isEmpty()) {
            return NONE;
        }
        Set<String> ids = new HashSet<>();
        List<Prefix> prefixes = new ArrayList<>();
        for (String raw : rules) {
            String r = raw.trim();
            int slash = r.indexOf('/');
            if (slash < 0) {
                ids.add(r);
                byte[] host = parse(r);
                if (host != null) {
                    prefixes.add(new Prefix(host, 128));
                }
                continue;
            }
            String addr = r.substring(0, slash).trim();
            byte[] net = parse(addr);
            int bits;
            try {
                bits = Integer.parseInt(r.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                bits = -1;
            }
            byte[] written = IpLiteral.tryParse(addr);
            boolean v4 = written != null && written.length == 4;
            int max = v4 ? 32 : 128;
            if (net == null || bits < 0 || bits > max) {
                throw new IllegalArgumentException("excluded rule '" + raw + "' is neither a member id nor an address "
                        + "prefix addr/len with 0 <= len <= " + max);
            }
            prefixes.add(new Prefix(net, v4 ? 96 + bits : bits));
        }
        return new AddressFilter(Set.copyOf(ids), List.copyOf(prefixes));
    }

    /**
     * @param other another filter
     * @return a filter that excludes what either excludes
     */
    public AddressFilter union(AddressFilter other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Set<String> i = new HashSet<>(ids);
        i.addAll(other.ids);
        List<Prefix> p = new ArrayList<>(prefixes);
        p.addAll(other.prefixes);
        return new AddressFilter(Set.copyOf(i), List.copyOf(p));
    }

    /** @return true if the filter has no rules */
    public boolean isEmpty() {
        return ids.isEmpty() && prefixes.isEmpty();
    }

    /**
     * @param source a datagram's IP source
     * @return true if a prefix rule covers it
     */
    public boolean excludesAddress(InetAddress source) {
        if (prefixes.isEmpty()) {
            return false;
        }
        byte[] a = to16(source.getAddress());
        for (Prefix p : prefixes) {
            if (p.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param memberId the sender id a datagram claims
     * @return true if a member-id rule names it
     */
    public boolean excludesMember(String memberId) {
        return ids.contains(memberId);
    }

    /**
     * Where a member's address is not known (the simulator), a member is excluded by a rule naming its
     * id, or by a prefix rule when its id is itself an address literal inside the prefix.
     *
     * @param member a member
     * @return true if excluded
     */
    public boolean excludes(org.miked.api.MemberId member) {
        if (ids.isEmpty() && prefixes.isEmpty()) {
            return false;
        }
        if (ids.contains(member.id())) {
            return true;
        }
        if (prefixes.isEmpty()) {
            return false;
        }
        byte[] a = parse(member.id());
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

    /**
     * Parses an address literal to its 128-bit form without any name lookup.
     *
     * @param s text
     * @return 16 bytes, or null if {@code s} is not an IPv4 or IPv6 literal
     */
    static byte[] parse(String s) {
        byte[] a = IpLiteral.tryParse(s);
        return a == null ? null : to16(a);
    }

    /** @return the 128-bit form: IPv4 as IPv4-mapped IPv6 */
    static byte[] to16(byte[] a) {
        if (a.length == 16) {
            return a;
        }
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(a, 0, out, 12, 4);
        return out;
    }

    private static String canonical(byte[] a16) {
        try {
            InetAddress a = InetAddress.getByAddress(a16);
            return a instanceof Inet4Address ? "::ffff:" + a.getHostAddress() : a.getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return Arrays.toString(a16);
        }
    }

    @Override
    public String toString() {
        return "AddressFilter[ids=" + ids + " prefixes=" + prefixes + "]";
    }
}
