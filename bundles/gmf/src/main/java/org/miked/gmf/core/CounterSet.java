package org.miked.gmf.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One group session's named counters, as a dense array indexed through one process-wide table of counter
 * names.
 *
 * <p>Why not a map per session: a receiver counts two or three things per datagram, and a simulated network
 * holds 100,000 sessions whose maps are cold in the cache; a per-session map cost a table, a node and a
 * boxed count per lookup (16% of a 100,000-receiver churn profile). The names are few (tens) and shared by
 * every session, so the name-to-index table stays hot and each count touches one array slot of its session.
 * Counts only go up; a name is never removed.
 */
final class CounterSet {
    /** Counter name to its index, for every session of the process. */
    private static final Map<String, Integer> INDEX = new ConcurrentHashMap<>();
    /** Index to name, in order of first use. */
    private static final List<String> NAMES = new ArrayList<>();

    private long[] counts = new long[0];

    private static int indexOf(String name) {
        Integer i = INDEX.get(name);
        if (i != null) {
            return i;
        }
        synchronized (NAMES) {
            return INDEX.computeIfAbsent(name, n -> {
                NAMES.add(n);
                return NAMES.size() - 1;
            });
        }
    }

    /** @param name counter to increment by one */
    void increment(String name) {
        int i = indexOf(name);
        long[] c = counts;
        if (i >= c.length) {
            c = counts = java.util.Arrays.copyOf(c, Math.max(i + 1, c.length + 8));
        }
        c[i]++;
    }

    /** @return every counter this session incremented at least once, by name */
    Map<String, Long> values() {
        long[] c = counts;
        Map<String, Long> out = new HashMap<>(c.length * 2);
        synchronized (NAMES) {
            for (int i = 0; i < c.length; i++) {
                if (c[i] != 0) {
                    out.put(NAMES.get(i), c[i]);
                }
            }
        }
        return out;
    }
}
