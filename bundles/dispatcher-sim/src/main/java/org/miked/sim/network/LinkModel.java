package org.miked.sim.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.miked.api.MemberId;

/**
 * Link qualities and partitions of a simulated network. A {@link SimNetwork} reads its model live:
 * changes (for example from a {@link SimNetwork#schedule scheduled} scenario event) apply to datagrams
 * sent afterwards. Thread-safe.
 *
 * <p>The link for a datagram from {@code a} to {@code b} is, in this order: the override for the directed
 * pair ({@link #link}), the override of the receiving host {@code b} ({@link #host}), the override of the
 * sending host {@code a}, the default. The receiver comes first because a host override usually models
 * that host's last hop (a narrow-band radio), which every datagram to it crosses.
 *
 * <p>A partition splits hosts into sides for a window of virtual time: a datagram sent inside the window
 * between hosts on different sides is dropped. Hosts on no side are not affected. Whether a datagram is
 * partitioned is decided when it is sent.
 */
public final class LinkModel {
    private Link defaults;
    private final Map<Pair, Link> pairs = new HashMap<>();
    private final Map<MemberId, Link> hosts = new HashMap<>();
    private final List<Partition> partitions = new ArrayList<>();

    private record Pair(MemberId from, MemberId to) {
    }

    private record Partition(long from, long until, Map<MemberId, Integer> side, boolean island) {
    }

    /** @param defaults the link every datagram crosses unless overridden */
    public LinkModel(Link defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /**
     * @param loss default loss probability
     * @param delayMillis default delay
     * @param jitterMillis default jitter bound
     * @return a model whose default link is {@code Link.of(loss, delayMillis, jitterMillis)}
     */
    public static LinkModel of(double loss, long delayMillis, long jitterMillis) {
        return new LinkModel(Link.of(loss, delayMillis, jitterMillis));
    }

    /** @return a model without loss or jitter and 1 ms delay */
    public static LinkModel perfect() {
        return of(0, 1, 0);
    }

    /** @return the default link */
    public synchronized Link defaults() {
        return defaults;
    }

    /**
     * @param link the new default link
     * @return this
     */
    public synchronized LinkModel defaults(Link link) {
        defaults = Objects.requireNonNull(link, "link");
        return this;
    }

    /**
     * Overrides one direction of one link.
     *
     * @param from sender
     * @param to receiver
     * @param link its quality, or null to remove the override
     * @return this
     */
    public synchronized LinkModel link(MemberId from, MemberId to, Link link) {
        Pair p = new Pair(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"));
        if (link == null) {
            pairs.remove(p);
        } else {
            pairs.put(p, link);
        }
        return this;
    }

    /**
     * Overrides both directions between two hosts.
     *
     * @param a one host
     * @param b the other
     * @param link the quality, or null to remove the overrides
     * @return this
     */
    public LinkModel between(MemberId a, MemberId b, Link link) {
        return link(a, b, link).link(b, a, link);
    }

    /**
     * Overrides every link of a host (to it, and from it where the receiver has no override).
     *
     * @param host the host
     * @param link its links' quality, or null to remove the override
     * @return this
     */
    public synchronized LinkModel host(MemberId host, Link link) {
        Objects.requireNonNull(host, "host");
        if (link == null) {
            hosts.remove(host);
        } else {
            hosts.put(host, link);
        }
        return this;
    }

    /**
     * Partitions hosts for a window of virtual time.
     *
     * @param fromMillis start of the window (inclusive)
     * @param untilMillis end of the window (exclusive)
     * @param sides disjoint sets of hosts; hosts on different sides cannot reach each other
     * @return this
     * @throws IllegalArgumentException if the window is empty or a host is on two sides
     */
    public synchronized LinkModel partition(long fromMillis, long untilMillis, List<? extends Collection<MemberId>> sides) {
        if (untilMillis <= fromMillis) {
            throw new IllegalArgumentException("empty partition window [" + fromMillis + ", " + untilMillis + ")");
        }
        Map<MemberId, Integer> side = new HashMap<>();
        for (int i = 0; i < sides.size(); i++) {
            for (MemberId m : sides.get(i)) {
                Integer before = side.put(Objects.requireNonNull(m, "member"), i);
                if (before != null && before != i) {
                    throw new IllegalArgumentException(m + " is on two sides of the partition");
                }
            }
        }
        partitions.add(new Partition(fromMillis, untilMillis, Map.copyOf(side), false));
        return this;
    }

    /**
     * Convenience: cuts a set of hosts off from everybody else (that is, every host not in the set is
     * on the other side) for a window.
     *
     * @param fromMillis start of the window (inclusive)
     * @param untilMillis end of the window (exclusive)
     * @param island the isolated hosts
     * @return this
     */
    public synchronized LinkModel isolate(long fromMillis, long untilMillis, Set<MemberId> island) {
        if (untilMillis <= fromMillis) {
            throw new IllegalArgumentException("empty partition window [" + fromMillis + ", " + untilMillis + ")");
        }
        Map<MemberId, Integer> side = new HashMap<>();
        island.forEach(m -> side.put(Objects.requireNonNull(m, "member"), 0));
        partitions.add(new Partition(fromMillis, untilMillis, Map.copyOf(side), true));
        return this;
    }

    /** Removes every partition. @return this */
    public synchronized LinkModel clearPartitions() {
        partitions.clear();
        return this;
    }

    /**
     * @return the link every pair of hosts crosses when no pair or host has its own, else null (a multicast
     *     then looks its links up per copy)
     */
    public synchronized Link uniformLink() {
        return pairs.isEmpty() && hosts.isEmpty() ? defaults : null;
    }

    /** @return true if any partition was ever set (a copy must then be checked against them) */
    public synchronized boolean hasPartitions() {
        return !partitions.isEmpty();
    }

    /**
     * @param from sender
     * @param to receiver
     * @return the link a datagram from {@code from} to {@code to} crosses
     */
    public synchronized Link linkFor(MemberId from, MemberId to) {
        if (!pairs.isEmpty()) {
            Link l = pairs.get(new Pair(from, to));
            if (l != null) {
                return l;
            }
        }
        if (!hosts.isEmpty()) {
            Link l = hosts.get(to);
            if (l == null) {
                l = hosts.get(from);
            }
            if (l != null) {
                return l;
            }
        }
        return defaults;
    }

    /**
     * @param from sender
     * @param to receiver
     * @param atMillis virtual time
     * @return true if a partition separates them at that time
     */
    public synchronized boolean partitioned(MemberId from, MemberId to, long atMillis) {
        for (Partition p : partitions) {
            if (atMillis < p.from || atMillis >= p.until) {
                continue;
            }
            Integer a = p.side.get(from);
            Integer b = p.side.get(to);
            if (isolated(p, a, b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isolated(Partition p, Integer a, Integer b) {
        if (a != null && b != null) {
            return !a.equals(b);
        }
        // an isolate() partition has a single side 0 whose members cannot reach anyone off it
        return p.island() && (a != null || b != null);
    }
}
