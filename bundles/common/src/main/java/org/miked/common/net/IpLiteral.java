package org.miked.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The one parser of IP address literals in the platform: dotted-quad IPv4 and RFC 4291 text IPv6
 * with {@code ::} and an optional dotted-quad tail. Never resolves a name (a policy must not depend on
 * DNS, and a lookup of a mistyped address would stall configuration or an SA install), and uses no
 * regular expressions (it runs at every MSA install). The policy, both dispatchers' filters and every SA
 * sink use it.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /**
     * @param text an address literal
     * @return 4 or 16 bytes ({@code ::ffff:a.b.c.d} stays 16 bytes, as written)
     * @throws IllegalArgumentException saying why the text is not a literal
     */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("'" + text + "': zone ids are not supported");
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text, text);
    }

    /**
     * @param text maybe an address literal
     * @return 4 or 16 bytes, or null if the text is not a literal (a member id, say)
     */
    public static byte[] tryParse(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * @param text an address literal
     * @return the address (no lookup); {@code ::ffff:a.b.c.d} becomes an IPv4 address, as in the JDK
     * @throws IllegalArgumentException saying why the text is not a literal
     */
    public static InetAddress address(String text) {
        try {
            return InetAddress.getByAddress(parse(text));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }

    /**
     * The canonical text of an address (RFC 5952 for IPv6: lower case, no leading zeros, the longest run
     * of two or more zero groups, the first if tied, as {@code ::}); {@link #parse} reads it back.
     *
     * @param a 4 or 16 bytes
     * @return its literal
     * @throws IllegalArgumentException if the length is neither
     */
    public static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        if (a.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + a.length);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestAt = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }

    /** @return true if the 4- or 16-byte address is multicast (224.0.0.0/4, ff00::/8) */
    public static boolean isMulticast(byte[] a) {
        return a.length == 4 ? (a[0] & 0xf0) == 0xe0 : (a[0] & 0xff) == 0xff;
    }

    /** @return true if all bytes are zero (0.0.0.0, ::) */
    public static boolean isUnspecified(byte[] a) {
        for (byte b : a) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a prefix {@code address/length}; the bits after the prefix must be zero.
     *
     * @param text a prefix such as {@code 10.1.0.0/16} or {@code fd00:dead::/32}
     * @return the prefix
     * @throws IllegalArgumentException saying why
     */
    public static Prefix parsePrefix(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "': a prefix is address/length");
        }
        byte[] a = parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        int bits = decimal(len, 3);
        if (bits < 0 || bits > a.length * 8) {
            throw new IllegalArgumentException("'" + text + "': prefix length must be 0.." + a.length * 8);
        }
        for (int i = bits; i < a.length * 8; i++) {
            if ((a[i / 8] & (0x80 >>> (i % 8))) != 0) {
                throw new IllegalArgumentException("'" + text + "': address bits beyond the /" + bits
                        + " prefix are set");
            }
        }
        return new Prefix(a, bits);
    }

    /**
     * An address prefix.
     *
     * @param network the network address (4 or 16 bytes)
     * @param bits the prefix length
     */
    public record Prefix(byte[] network, int bits) {
        public Prefix {
            network = network.clone();
        }

        @Override
        public byte[] network() {
            return network.clone();
        }

        /**
         * @param address 4 or 16 bytes
         * @return true if the address is of the same family and within the prefix
         */
        public boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Prefix p && p.bits == bits && Arrays.equals(p.network, network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + bits;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + bits;
            } catch (UnknownHostException e) {
                return Arrays.toString(network) + "/" + bits;
            }
        }
    }

    /** @return the value of 1..maxDigits decimal digits without a leading zero, or -1 */
    private static int decimal(String s, int maxDigits) {
        int n = s.length();
        if (n == 0 || n > maxDigits || (n > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static byte[] parseV4(String whole, String text) {
        int dots = 0;
        for (int i = 0; i < text.length(); i++) {
            dots += text.charAt(i) == '.' ? 1 : 0;
        }
        if (dots != 3) {
            throw notV4(whole);
        }
        byte[] out = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                String p = text.substring(start, i);
                int v = decimal(p, 3);
                if (v < 0 || v > 255) {
                    throw new IllegalArgumentException("'" + whole + "': IPv4 part '" + p + "' is not 0..255");
                }
                out[part++] = (byte) v;
                start = i + 1;
            }
        }
        return out;
    }

    private static IllegalArgumentException notV4(String whole) {
        return new IllegalArgumentException("'" + whole + "' is not an IP address literal (IPv4 a.b.c.d or IPv6)");
    }

    private static byte[] parseV6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            throw new IllegalArgumentException("'" + text + "': '::' may appear only once");
        }
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        int[] h = groups(text, head, gap < 0);
        int[] t = groups(text, tail, true);
        int total = h.length + t.length;
        if (gap < 0 ? total != 8 : total > 7) {
            throw new IllegalArgumentException("'" + text + "': an IPv6 address has 8 groups of 16 bits");
        }
        byte[] out = new byte[16];
        for (int i = 0; i < h.length; i++) {
            out[2 * i] = (byte) (h[i] >> 8);
            out[2 * i + 1] = (byte) h[i];
        }
        for (int i = 0; i < t.length; i++) {
            int at = 8 - t.length + i;
            out[2 * at] = (byte) (t[i] >> 8);
            out[2 * at + 1] = (byte) t[i];
        }
        return out;
    }

    /** Parses colon-separated 16-bit groups, the last of which may be a dotted quad (two groups). */
    private static int[] groups(String whole, String s, boolean quadAllowed) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        boolean quad = quadAllowed && parts[parts.length - 1].indexOf('.') >= 0;
        int[] out = new int[parts.length + (quad ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (quad && i == parts.length - 1) {
                byte[] v4 = parseV4(whole, p);
                out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
            } else {
                out[i] = hexGroup(whole, p);
            }
        }
        return out;
    }

    private static int hexGroup(String whole, String p) {
        if (p.isEmpty() || p.length() > 4) {
            throw new IllegalArgumentException("'" + whole + "': IPv6 group '" + p + "' is not 1-4 hex digits");
        }
        int v = 0;
        for (int i = 0; i < p.length(); i++) {
            int d = Character.digit(p.charAt(i), 16);
            if (d < 0 || p.charAt(i) > 'f') {
                throw new IllegalArgumentException("'" + whole + "': IPv6 group '" + p + "' is not 1-4 hex digits");
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
