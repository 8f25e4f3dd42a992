package org.miked.sim.network.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.miked.api.MemberId;

/**
 * Every host the network has heard of, by dense index, with its traffic counters in parallel primitive
 * arrays (four longs per host instead of four objects) and its current port. Not thread-safe; the
 * {@link Engine} guards it.
 */
final class HostTable {
    private final Map<MemberId, Integer> index = new HashMap<>();
    private final List<MemberId> ids = new ArrayList<>();
    private final List<SimHost> ports = new ArrayList<>();
    private final BitSet down = new BitSet();
    private int[] incarnations = new int[16];
    private long[] sentMessages = new long[16];
    private long[] sentBytes = new long[16];
    private long[] receivedMessages = new long[16];
    private long[] receivedBytes = new long[16];

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
        if (n == sentMessages.length) {
            int cap = n * 2;
            incarnations = Arrays.copyOf(incarnations, cap);
            sentMessages = Arrays.copyOf(sentMessages, cap);
            sentBytes = Arrays.copyOf(sentBytes, cap);
            receivedMessages = Arrays.copyOf(receivedMessages, cap);
            receivedBytes = Arrays.copyOf(receivedBytes, cap);
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
        sentMessages[i]++;
        sentBytes[i] += bytes;
    }

    void countReceived(int i, int bytes) {
        receivedMessages[i]++;
        receivedBytes[i] += bytes;
    }

    long sentMessages(int i) {
        return sentMessages[i];
    }

    long sentBytes(int i) {
        return sentBytes[i];
    }

    long receivedMessages(int i) {
        return receivedMessages[i];
    }

    long receivedBytes(int i) {
        return receivedBytes[i];
    }
}
