package org.miked.policy.internal;

import java.util.ArrayList;
import java.util.List;

/** Normalizes raw configuration values the way every field of a group policy expects them. */
final class ConfigValues {
    private ConfigValues() {
    }

    /** @return the trimmed value, or "" for null */
    static String text(String raw) {
        return raw == null ? "" : raw.trim();
    }

    /**
     * Flattens a list property. Config Admin may deliver a real multi-value (FileInstall's
     * {@code ["a","b"]} syntax, the web console) or one string (a plain {@code key = a, b} line in a
     * {@code .cfg} file); both are accepted, and every element is split again at commas.
     *
     * @param raw the property value, may be null
     * @return the non-empty, trimmed items in order
     */
    static List<String> items(String[] raw) {
        List<String> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        for (String element : raw) {
            if (element == null) {
                continue;
            }
            for (String item : element.split(",")) {
                String t = item.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
