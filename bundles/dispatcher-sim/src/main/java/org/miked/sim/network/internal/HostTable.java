package org.miked.sim.network.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.miked.api.MemberId;

/**
 * Every host the network has heard of, by dense index, with its traffic counters in one primitive array
 * (four adjacent longs per host, one cache line: a delivery counts two of them) and its current port. Not thread-safe; the
 * {@link Engine} guards it.
 */
final class HostTable {
    private final Map<MemberId, Integer> index = new HashMap<>();
    private final List<MemberId> ids = new ArrayList<>();
    private final List<SimHost> ports = new ArrayList<>();
    private final BitSet down = new BitSet();
    private int[] incarnations = new int[16];
    /** Per host: messages sent, bytes sent, messages received, bytes received. */
    private long[] traffic = new long[16 * 4];
    private static final int SENT = 0;
    private static final int SENT_BYTES = 1;
    private static final int RECEIVED = 2;
    private static final int RECEIVED_BYTES = 3;

    /** @return the host's index, allocated on first use */
    int indexOf(MemberId id) {
        Integer i = index.get(id);
        if (i != null) {
            return i;
        }
        int n = ids.size();
        index.put(id, n);
        ids.add(id);
        ports.add(null);
        if (n == incarnations.length) {
            int cap = n * 2;
            incarnations = Arrays.copyOf(incarnations, cap);
            traffic = Arrays.copyOf(traffic, cap * 4);
        }
        return n;
    }

    /** @return the host's index, or -1 if never seen */
    int find(MemberId id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    int size() {
        return ids.size();
    }

    MemberId id(int i) {
        return ids.get(i);
    }

    SimHost port(int i) {
        return ports.get(i);
    }

    /** @return how often the host was attached before */
    int incarnation(int i) {
        return incarnations[i];
    }

    /** Sets the host's current port, which starts a new incarnation. */
    void attach(int i, SimHost port) {
        ports.set(i, port);
        incarnations[i]++;
    }

    void detach(int i, SimHost port) {
        if (ports.get(i) == port) {
            ports.set(i, null);
        }
    }

    boolean isDown(int i) {
        return down.get(i);
    }

    void setDown(int i, boolean d) {
        down.set(i, d);
    }

    void countSent(int i, int bytes) {
        traffic[i * 4 + SENT]++;
        traffic[i * 4 + SENT_BYTES] += bytes;
    }

    void countReceived(int i, int bytes) {
        traffic[i * 4 + RECEIVED]++;
        traffic[i * 4 + RECEIVED_BYTES] += bytes;
    }

    long sentMessages(int i) {
        return traffic[i * 4 + SENT];
    }

    long sentBytes(int i) {
        return traffic[i * 4 + SENT_BYTES];
    }

    long receivedMessages(int i) {
        return traffic[i * 4 + RECEIVED];
    }

    long receivedBytes(int i) {
        return traffic[i * 4 + RECEIVED_BYTES];
    }
}
