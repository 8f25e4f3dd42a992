package org.miked.dispatcher.real.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.miked.api.MemberId;
import org.miked.api.dispatch.TrafficStats;

/**
 * Counts what the dispatcher did: the {@link TrafficStats} totals and named detail counters (refusals,
 * filter drops, socket errors, re-joins). Thread-safe: the GMF's threads and the event loop both count.
 */
final class DispatchCounters {
    private final Map<String, LongAdder> named = new ConcurrentHashMap<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sentBytes = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong deliveredBytes = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong emcon = new AtomicLong();

    /** @param what the detail counter to increment */
    void count(String what) {
        named.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    /** @return the detail counters, sorted by name */
    Map<String, Long> named() {
        Map<String, Long> out = new TreeMap<>();
        named.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * @param host the attached host, or null
     * @return the totals, all of them the host's
     */
    TrafficStats stats(MemberId host) {
        Map<MemberId, TrafficStats.HostTraffic> per = host == null ? Map.of()
                : Map.of(host, new TrafficStats.HostTraffic(sent.get(), sentBytes.get(), delivered.get(),
                        deliveredBytes.get()));
        return new TrafficStats(sent.get(), sentBytes.get(), delivered.get(), dropped.get(), emcon.get(), per);
    }
}
