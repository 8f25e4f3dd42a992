package org.miked.api;

/**
 * The character check of group names and member ids, without a regular expression: every envelope a host
 * decodes carries both, and a {@code Matcher} per datagram was most of what a simulated receiver allocated.
 */
final class Names {
    private Names() {
    }

    /**
     * @param s the text
     * @param colon whether {@code :} is allowed (member ids may be IPv6 literals)
     * @return true if {@code s} is 1 to 64 characters of {@code [A-Za-z0-9._-]} (and {@code :} if allowed)
     */
    static boolean valid(String s, boolean colon) {
        int n = s.length();
        if (n < 1 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-' || (colon && c == ':');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
