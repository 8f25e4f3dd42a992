package org.miked.auth.tesla.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.miked.api.runtime.RandomSource;
import org.miked.auth.tesla.wire.Trailer;

/**
 * Holds a receiver's messages that cannot be judged yet, in bounds that forged datagrams cannot use to
 * push genuine ones out (issue 10, finding 5). Two separate stores:
 * <pre>
 *   waiting  messages of an authenticated chain whose key is not disclosed yet, at most bufferLimit,
 *            in buckets, one per (chain, interval). When full, a newcomer whose bucket is not the
 *            smaller by two or more makes room by reservoir sampling within its own bucket (kept with
 *            probability size / arrivals, replacing a random one); otherwise a random message of the
 *            fullest bucket is dropped
 *   pending  messages of a chain not known yet (its bootstrap was lost, or it is forged), at most
 *            pendingLimit; when full, the oldest pending message is dropped. Never displaces waiting.
 * </pre>
 * A flood of forged chains therefore costs only pending messages, a flood on the genuine chain in other
 * intervals never reaches a rekey's bucket, and a flood in the rekey's own interval leaves it a random
 * share of the buffer (it survives N forgeries with probability about bufferLimit / N), not none.
 */
final class ReceiveBuffer {
    /** A message of a known chain waiting for K_interval; {@code seq} keeps arrival order. */
    record Waiting(int chainId, long interval, byte[] mac, byte[] message, long arrival, long seq) {
    }

    /** A message of an unknown chain, judged by its arrival time once the chain's bootstrap comes. */
    record Pending(Trailer trailer, byte[] message, long arrival) {
    }

    /** Where dropped messages are reported. */
    interface Drops {
        void drop(String counter, String why);
    }

    private final int waitingLimit;
    private final int pendingLimit;
    private final RandomSource random;
    private final Drops drops;
    /** The messages of one (chain, interval) and how many arrived for it (for reservoir sampling). */
    private static final class Bucket {
        final List<Waiting> items = new ArrayList<>();
        int arrivals;
    }

    /** Bucket key: chain id (16 bits) above interval (32 bits). */
    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private int waitingCount;
    private long seq;

    ReceiveBuffer(int waitingLimit, int pendingLimit, RandomSource random, Drops drops) {
        this.waitingLimit = waitingLimit;
        this.pendingLimit = pendingLimit;
        this.random = random;
        this.drops = drops;
    }

    private static long key(int chainId, long interval) {
        return ((long) chainId << 32) | interval;
    }

    /** Buffers a message of an authenticated chain, sampling or trimming the fullest bucket when full. */
    void addWaiting(int chainId, long interval, byte[] mac, byte[] message, long arrival) {
        Waiting w = new Waiting(chainId, interval, mac, message, arrival, seq++);
        long k = key(chainId, interval);
        Bucket own = buckets.computeIfAbsent(k, x -> new Bucket());
        own.arrivals = Math.max(own.arrivals, own.arrivals + 1); // saturates
        if (waitingCount < waitingLimit) {
            own.items.add(w);
            waitingCount++;
            return;
        }
        Map.Entry<Long, Bucket> fullest = null;
        for (Map.Entry<Long, Bucket> e : buckets.entrySet()) {
            if (fullest == null || e.getValue().items.size() > fullest.getValue().items.size()) {
                fullest = e;
            }
        }
        Bucket f = fullest.getValue();
        if (f != own && f.items.size() > own.items.size() + 1) {
            Waiting victim = removeRandom(f);
            if (f.items.isEmpty()) {
                buckets.remove(fullest.getKey());
            }
            own.items.add(w);
            reportFull(victim, f.items.size() + 1);
            return;
        }
        // reservoir sampling (Algorithm R): every arrival of the bucket stays with equal probability
        int j = random.nextInt(own.arrivals);
        if (j < own.items.size()) {
            Waiting victim = own.items.set(j, w);
            reportFull(victim, own.items.size());
        } else {
            if (own.items.isEmpty()) {
                buckets.remove(k);
            }
            reportFull(w, own.items.size());
        }
    }

    private Waiting removeRandom(Bucket b) {
        int victim = random.nextInt(b.items.size());
        Waiting w = b.items.get(victim);
        b.items.set(victim, b.items.get(b.items.size() - 1));
        b.items.remove(b.items.size() - 1);
        return w;
    }

    private void reportFull(Waiting dropped, int bucketSize) {
        drops.drop("dropped.buffer", "buffer full (" + waitingLimit + "): dropped a random one of the " + bucketSize
                + " messages of interval " + dropped.interval() + " of chain " + dropped.chainId() + ", the fullest");
    }

    /** Keeps a message of an unknown chain; the oldest pending one goes when pendingLimit is exceeded. */
    void addPending(Trailer trailer, byte[] message, long arrival) {
        pending.add(new Pending(trailer, message, arrival));
        while (pending.size() > pendingLimit) {
            Pending p = pending.pollFirst();
            drops.drop("dropped.pending-full", "pending buffer full (" + pendingLimit + "): the oldest message of "
                    + "unknown chain " + p.trailer().chainId() + " dropped");
        }
    }

    /** @return the waiting messages of a chain up to an interval, removed, in arrival order */
    List<Waiting> takeWaiting(int chainId, long upTo) {
        List<Waiting> out = new ArrayList<>();
        Map<Long, Bucket> range = buckets.subMap(key(chainId, 0), true, key(chainId, upTo), true);
        for (Bucket b : range.values()) {
            out.addAll(b.items);
        }
        range.clear();
        waitingCount -= out.size();
        out.sort(Comparator.comparingLong(Waiting::seq));
        return out;
    }

    /** @return the intervals of a chain's waiting messages up to an interval, lowest first */
    List<Long> waitingIntervals(int chainId, long upTo) {
        List<Long> out = new ArrayList<>();
        for (long k : buckets.subMap(key(chainId, 0), true, key(chainId, upTo), true).keySet()) {
            out.add(k & 0xffff_ffffL);
        }
        return out;
    }

    /** @return true if messages of the chain are waiting */
    boolean holdsWaiting(int chainId) {
        return !buckets.subMap(key(chainId, 0), true, key(chainId, 0xffff_ffffL), true).isEmpty();
    }

    /** Drops every waiting message of a chain, reporting each under {@code counter}. */
    void dropWaiting(int chainId, String counter, String why) {
        for (int n = takeWaiting(chainId, 0xffff_ffffL).size(); n > 0; n--) {
            drops.drop(counter, why);
        }
    }

    /** Drops everything held, waiting and pending, reporting each under {@code counter}. */
    void dropAll(String counter, String why) {
        int n = size();
        buckets.clear();
        pending.clear();
        waitingCount = 0;
        for (; n > 0; n--) {
            drops.drop(counter, why);
        }
    }

    /** @return true if messages of the chain are pending */
    boolean awaits(int chainId) {
        return pending.stream().anyMatch(p -> p.trailer().chainId() == chainId);
    }

    /** @return the pending messages of a chain, removed, in arrival order */
    List<Pending> takePending(int chainId) {
        List<Pending> out = new ArrayList<>();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext();) {
            Pending p = it.next();
            if (p.trailer().chainId() == chainId) {
                it.remove();
                out.add(p);
            }
        }
        return out;
    }

    /** @return messages held, waiting and pending */
    int size() {
        return waitingCount + pending.size();
    }
}
