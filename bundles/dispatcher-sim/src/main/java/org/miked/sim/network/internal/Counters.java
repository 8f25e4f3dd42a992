package org.miked.sim.network.internal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.miked.api.MemberId;
import org.miked.api.dispatch.TrafficStats;
import org.miked.sim.network.DropReason;
import org.miked.sim.network.LinkStats;

/**
 * The network-wide counters (per-host ones live in {@link HostTable}). Not thread-safe; the
 * {@link Engine} guards it. Link-class counters are {@code long[4]} arrays that each in-flight copy
 * references directly, so counting a delivery costs no lookup.
 */
final class Counters {
    static final int COPIES = 0;
    static final int BYTES = 1;
    static final int DELIVERED = 2;
    static final int DROPPED = 3;

    private final Map<String, long[]> links = new LinkedHashMap<>();
    private final long[] drops = new long[DropReason.values().length];
    long messagesSent;
    long bytesSent;
    long deliveries;
    long emconPacketsSent;
    long handlerFailures;
    long taskFailures;
    long corrupted;

    /** @return the counters of a link class, created on first use */
    long[] link(String linkClass) {
        return links.computeIfAbsent(linkClass, k -> new long[4]);
    }

    void sent(int bytes) {
        messagesSent++;
        bytesSent += bytes;
    }

    void dropped(DropReason r, long[] link) {
        drops[r.ordinal()]++;
        if (link != null) {
            link[DROPPED]++;
        }
    }

    void delivered(long[] link) {
        deliveries++;
        link[DELIVERED]++;
    }

    long totalDrops() {
        long n = 0;
        for (long d : drops) {
            n += d;
        }
        return n;
    }

    Map<DropReason, Long> drops() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            out.put(r, drops[r.ordinal()]);
        }
        return out;
    }

    Map<String, LinkStats> linkStats() {
        Map<String, LinkStats> out = new LinkedHashMap<>();
        links.forEach((k, v) -> out.put(k, new LinkStats(v[COPIES], v[BYTES], v[DELIVERED], v[DROPPED])));
        return out;
    }

    /** @return the API's record, with every host that is attached or has traffic */
    TrafficStats stats(HostTable hosts) {
        Map<MemberId, TrafficStats.HostTraffic> per = new HashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            if (hosts.sentMessages(i) + hosts.receivedMessages(i) > 0 || hosts.port(i) != null) {
                per.put(hosts.id(i), hostTraffic(hosts, i));
            }
        }
        return new TrafficStats(messagesSent, bytesSent, deliveries, totalDrops(), emconPacketsSent, per);
    }

    TrafficStats totals() {
        return new TrafficStats(messagesSent, bytesSent, deliveries, totalDrops(), emconPacketsSent, Map.of());
    }

    static TrafficStats.HostTraffic hostTraffic(HostTable hosts, int i) {
        return i < 0 ? new TrafficStats.HostTraffic(0, 0, 0, 0)
                : new TrafficStats.HostTraffic(hosts.sentMessages(i), hosts.sentBytes(i),
                        hosts.receivedMessages(i), hosts.receivedBytes(i));
    }

    /** Logs the first 100 occurrences, then every power of ten: one line each, never a flood. */
    static boolean worthLogging(long n) {
        if (n <= 100) {
            return true;
        }
        while (n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
