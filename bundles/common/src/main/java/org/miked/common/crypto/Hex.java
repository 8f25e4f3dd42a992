package org.miked.common.crypto;

/** Hex encoding for logs, policies and test vectors. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    public static String encode(byte[] b) {
        char[] c = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            c[2 * i] = DIGITS[(b[i] >> 4) & 0xf];
            c[2 * i + 1] = DIGITS[b[i] & 0xf];
        }
        return new String(c);
    }

    /**
     * @param s hex digits, even count, whitespace and colons ignored
     * @return the bytes
     * @throws IllegalArgumentException naming the first bad character
     */
    public static byte[] decode(String s) {
        String t = s.replaceAll("[\\s:]", "");
        if (t.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits (" + t.length() + ")");
        }
        byte[] out = new byte[t.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(t.charAt(2 * i), 16);
            int lo = Character.digit(t.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a hex digit at position " + (hi < 0 ? 2 * i : 2 * i + 1));
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}
