package org.miked.lkh.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.miked.lkh.wire.LkhCodec;
import org.miked.lkh.wire.WrapEntry;

/**
 * Splits the wraps of one rekey into packets such that every receiver finds everything it needs in
 * exactly one packet (the user-oriented key assignment of Zhang, Lam, Lee and Yang, "Protocol design for
 * scalable and reliable group rekeying", 2003).
 *
 * <p>A receiver on leaf {@code x} needs the wraps whose key-encryption node is {@code x} or one of its
 * ancestors. Each packet serves a contiguous leaf range {@code [lo, hi]}, written in its header, and holds
 * every wrap whose KEK node covers any leaf of the range: the wraps above the range are repeated in each
 * packet (the epoch entry under the root is in all of them). The split is greedy over the tree: consecutive
 * child subtrees are packed together while they fit; a subtree too large for one packet is split further
 * with its own wraps inherited by its parts. Ranges cover all leaves, so a receiver that got a packet of a
 * rekey but not the one whose range holds its leaf knows exactly what it missed.
 */
public final class Packer {
    /**
     * One packet's content.
     *
     * @param lo first leaf served
     * @param hi last leaf served
     * @param entries the wraps, lowest level first, SELF before PARENT, epoch last
     */
    public record Packet(long lo, long hi, List<WrapEntry> entries) {
    }

    /** Processing order of entries: by KEK level, SELF before PARENT before EPOCH. */
    public static final Comparator<WrapEntry> ORDER = Comparator
            .<WrapEntry>comparingInt(e -> e.kind() == WrapEntry.Kind.EPOCH ? Integer.MAX_VALUE : Nodes.level(e.kekNode()))
            .thenComparingInt(e -> e.kind() == WrapEntry.Kind.SELF ? 0 : 1)
            .thenComparingInt(WrapEntry::kekNode)
            .thenComparingLong(e -> e.kind() == WrapEntry.Kind.EPOCH ? e.newVersion() : 0);

    private final int d;
    private final long seq;
    private final int budget;
    private final Map<Integer, List<WrapEntry>> own = new HashMap<>();
    private final Map<Integer, Integer> sub = new HashMap<>();
    private final List<Packet> out = new ArrayList<>();

    private Packer(int d, long seq, int budget) {
        this.d = d;
        this.seq = seq;
        this.budget = budget;
    }

    /**
     * @param entries all wraps of the rekey
     * @param d degree
     * @param height the root's level
     * @param seq the rekey sequence number (decides which versions are implicit)
     * @param budget bytes available for entries in one packet
     * @return the packets, in leaf order
     */
    public static List<Packet> pack(List<WrapEntry> entries, int d, int height, long seq, int budget) {
        Packer p = new Packer(d, seq, budget);
        int root = Nodes.id(height, 0);
        for (WrapEntry e : entries) {
            int s = LkhCodec.entrySize(e, seq);
            p.own.computeIfAbsent(e.kekNode(), k -> new ArrayList<>()).add(e);
            for (int a = e.kekNode(); Nodes.level(a) <= height; a = Nodes.parent(a, d)) {
                p.sub.merge(a, s, Integer::sum);
            }
        }
        List<WrapEntry> inh = new ArrayList<>(p.own.getOrDefault(root, List.of()));
        p.split(root, inh, size(inh, seq));
        return p.out;
    }

    private static int size(List<WrapEntry> l, long seq) {
        int s = 0;
        for (WrapEntry e : l) {
            s += LkhCodec.entrySize(e, seq);
        }
        return s;
    }

    private void emit(long lo, long hi, List<WrapEntry> inh, List<WrapEntry> group) {
        List<WrapEntry> all = new ArrayList<>(inh.size() + group.size());
        all.addAll(inh);
        all.addAll(group);
        all.sort(ORDER);
        out.add(new Packet(lo, hi, all));
    }

    private void split(int node, List<WrapEntry> inh, int inhSize) {
        int level = Nodes.level(node);
        long span = Nodes.span(level, d);
        if (level == 0) {
            emit(Nodes.index(node), Nodes.index(node), inh, List.of());
            return;
        }
        long childSpan = span / d;
        List<WrapEntry> group = new ArrayList<>();
        int gsize = 0;
        long glo = -1;
        long ghi = -1;
        for (int k = 0; k < d; k++) {
            int c = Nodes.id(level - 1, Nodes.index(node) * d + k);
            int t = sub.getOrDefault(c, 0);
            long clo = (long) Nodes.index(c) * childSpan;
            long chi = clo + childSpan - 1;
            if (inhSize + gsize + t <= budget) {
                glo = glo < 0 ? clo : glo;
                ghi = chi;
                collect(c, group);
                gsize += t;
                continue;
            }
            if (glo >= 0) {
                emit(glo, ghi, inh, group);
                group = new ArrayList<>();
                gsize = 0;
                glo = -1;
            }
            if (inhSize + t <= budget) {
                glo = clo;
                ghi = chi;
                collect(c, group);
                gsize = t;
            } else {
                List<WrapEntry> more = new ArrayList<>(inh);
                List<WrapEntry> mine = own.getOrDefault(c, List.of());
                more.addAll(mine);
                split(c, more, inhSize + size(mine, seq));
            }
        }
        if (glo >= 0) {
            emit(glo, ghi, inh, group);
        }
    }

    private void collect(int node, List<WrapEntry> into) {
        if (!sub.containsKey(node)) {
            return;
        }
        into.addAll(own.getOrDefault(node, List.of()));
        if (Nodes.level(node) == 0) {
            return;
        }
        int first = Nodes.index(node) * d;
        for (int k = 0; k < d; k++) {
            collect(Nodes.id(Nodes.level(node) - 1, first + k), into);
        }
    }
}
