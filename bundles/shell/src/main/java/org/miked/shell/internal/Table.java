package org.miked.shell.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code mike:} command returns: a titled table of strings. {@link MikeConverter} formats it
 * for the console; scripts can read rows and cells.
 *
 * @param title one line above the table (may be empty)
 * @param headers column headers
 * @param rows cells, each row as long as headers
 */
public record Table(String title, List<String> headers, List<List<String>> rows) {
    public Table {
        headers = List.copyOf(headers);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> r : rows) {
            if (r.size() != headers.size()) {
                throw new IllegalArgumentException("row has " + r.size() + " cells, table has " + headers.size() + " columns");
            }
            copy.add(List.copyOf(r));
        }
        rows = List.copyOf(copy);
    }

    /** @return the table as aligned text */
    public String format() {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = headers.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!title.isEmpty()) {
            sb.append(title).append('\n');
        }
        line(sb, headers, w);
        for (List<String> r : rows) {
            line(sb, r, w);
        }
        if (rows.isEmpty()) {
            sb.append("(none)\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            sb.append(c);
            if (i < cells.size() - 1) {
                sb.append(" ".repeat(w[i] - c.length() + 2));
            }
        }
        sb.append('\n');
    }

    @Override
    public String toString() {
        return format();
    }
}
