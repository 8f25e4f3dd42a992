package org.miked.policy.internal;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.miked.api.MemberId;
import org.miked.common.crypto.Hex;

/**
 * Reads keys given inline as hex or by reference to a file ({@code file:/path}), so that secrets need not
 * sit in the configuration itself. Error messages name the entry and file, never key bytes.
 *
 * <pre>
 *  signingKey      = 9f86...e1            inline hex (whitespace and colons ignored)
 *  signingKey      = file:/etc/miked/s01.key      file holding hex ('#' comment lines ignored)
 *  verifyKeys      = s01=ab12..., s02=file:/etc/miked/s02.pub
 *  verifyKeys      = file:/etc/miked/trial.pub    file with one "memberId=hex" per line
 * </pre>
 */
final class KeyMaterial {
    /** Prefix of a file reference. */
    static final String FILE = "file:";

    /** Reads a text file; replaced in tests. */
    @FunctionalInterface
    interface TextFiles {
        /**
         * @param path the file
         * @return its content
         * @throws IOException if it cannot be read
         */
        String read(Path path) throws IOException;
    }

    private final TextFiles files;
    private final FieldErrors errors;

    KeyMaterial(TextFiles files, FieldErrors errors) {
        this.files = files;
        this.errors = errors;
    }

    /**
     * @param field the field name, for messages
     * @param raw hex or {@code file:} reference; blank for none
     * @return the key, empty if none was given
     */
    byte[] single(String field, String raw) {
        String v = ConfigValues.text(raw);
        if (v.isEmpty()) {
            return new byte[0];
        }
        if (v.startsWith(FILE)) {
            Path p = path(field, v);
            return hex(field, "file " + p, withoutComments(read(field, p)));
        }
        return hex(field, "value", v);
    }

    /**
     * @param field the field name, for messages
     * @param items entries {@code memberId=hex}, {@code memberId=file:/path} or {@code file:/path} (a file of
     *     {@code memberId=hex} lines)
     * @return keys by member, in configuration order
     */
    Map<MemberId, byte[]> map(String field, List<String> items) {
        Map<MemberId, byte[]> out = new LinkedHashMap<>();
        for (String item : items) {
            if (item.startsWith(FILE)) {
                Path p = path(field, item);
                String[] lines = read(field, p).split("\\R");
                for (int i = 0; i < lines.length; i++) {
                    String line = lines[i].trim();
                    if (!line.isEmpty() && !line.startsWith("#")) {
                        entry(field, "file " + p + " line " + (i + 1), line, out);
                    }
                }
            } else {
                entry(field, "entry '" + item + "'", item, out);
            }
        }
        return out;
    }

    private void entry(String field, String where, String entry, Map<MemberId, byte[]> out) {
        int eq = entry.indexOf('=');
        if (eq < 0) {
            throw errors.at(field, where + ": expected memberId=hexKey or file:/path");
        }
        MemberId id = Fields.memberId(errors, field, entry.substring(0, eq).trim());
        String value = entry.substring(eq + 1).trim();
        String label = "key of '" + id + "'";
        byte[] key = value.startsWith(FILE) ? single(field, value) : hex(field, label, value);
        if (key.length == 0) {
            throw errors.at(field, label + " is empty");
        }
        if (out.putIfAbsent(id, key) != null) {
            throw errors.at(field, "member '" + id + "' has more than one key");
        }
    }

    private byte[] hex(String field, String what, String text) {
        try {
            return Hex.decode(text);
        } catch (IllegalArgumentException e) {
            throw errors.at(field, what + " is not hex: " + e.getMessage());
        }
    }

    private String read(String field, Path p) {
        try {
            return files.read(p);
        } catch (IOException | RuntimeException e) {
            throw errors.at(field, "cannot read " + p + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static String withoutComments(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (!line.trim().startsWith("#")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    /** {@code file:/a/b}, {@code file:///a/b} and {@code file:a/b} (relative to the working directory). */
    private Path path(String field, String ref) {
        String p = ref.substring(FILE.length());
        if (p.startsWith("///")) {
            p = p.substring(2);
        }
        if (p.isBlank()) {
            throw errors.at(field, "'" + ref + "' names no file");
        }
        try {
            return Path.of(p);
        } catch (InvalidPathException e) {
            throw errors.at(field, "'" + ref + "' is not a valid path: " + e.getReason());
        }
    }
}
