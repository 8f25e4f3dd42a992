package org.miked.policy.internal;

/**
 * Strict parser of IP address literals (dotted-quad IPv4, RFC 4291 text IPv6 with {@code ::} and an
 * optional dotted-quad tail). Never resolves a name: a policy must not depend on DNS, and a lookup of a
 * mistyped address would stall configuration.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    /**
     * @param text an address literal
     * @return 4 or 16 bytes
     * @throws IllegalArgumentException saying why the text is not a literal
     */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("'" + text + "': zone ids are not supported");
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    /** @return true if the 4- or 16-byte address is multicast (224.0.0.0/4, ff00::/8) */
    static boolean isMulticast(byte[] a) {
        return a.length == 4 ? (a[0] & 0xf0) == 0xe0 : (a[0] & 0xff) == 0xff;
    }

    /** @return true if all bytes are zero (0.0.0.0, ::) */
    static boolean isUnspecified(byte[] a) {
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
    static Prefix parsePrefix(String text) {
        int slash = text.indexOf('/');
        byte[] a = parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        int bits;
        if (!len.matches("[0-9]{1,3}") || (bits = Integer.parseInt(len)) > a.length * 8) {
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
    record Prefix(byte[] network, int bits) {
        /** @return true if the address is of the same family and within the prefix */
        boolean contains(byte[] address) {
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
    }

    private static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address literal (IPv4 a.b.c.d or IPv6)");
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("'" + text + "': IPv4 part '" + p + "' is not 0..255");
            }
            out[i] = (byte) Integer.parseInt(p);
        }
        return out;
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
                byte[] v4 = parseV4(p);
                out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
            } else if (p.matches("[0-9a-fA-F]{1,4}")) {
                out[i] = Integer.parseInt(p, 16);
            } else {
                throw new IllegalArgumentException("'" + whole + "': IPv6 group '" + p + "' is not 1-4 hex digits");
            }
        }
        return out;
    }
}
