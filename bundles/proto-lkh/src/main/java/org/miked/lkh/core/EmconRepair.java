package org.miked.lkh.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.miked.common.crypto.KeyWrap;
import org.miked.lkh.wire.KeyMessage;
import org.miked.lkh.wire.LkhCodec;
import org.miked.lkh.wire.WrapEntry;

/**
 * Multicast repairs for EMCON receivers, which may never ask for anything. Two mechanisms, both
 * restricted to subtrees that hold EMCON members and rate limited per tick:
 * <ol>
 * <li><b>Recent changes.</b> For {@code repairRounds} ticks after each rekey the server multicasts the
 *     current key of every node changed by the last {@code repairWindow} rekeys, wrapped under each of its
 *     children that has EMCON members below it, plus the epoch key under the root. An EMCON receiver that
 *     missed up to {@code repairWindow} rekeys re-derives its path from this alone (bottom-up: every
 *     changed key on its path is wrapped under a child key it holds or just derived).</li>
 * <li><b>Carousel.</b> Afterwards, one packet per tick carries the full key chains (leaf to root) of the
 *     next EMCON leaves in leaf order, packed so that shared ancestors appear once. After
 *     {@code carouselCycles} full cycles without a rekey it slows down to one packet every
 *     {@code carouselIdleMillis} (in place of the heartbeat), and stops only if that is 0. It must not stop:
 *     at 30% loss an EMCON receiver misses a rekey, its repair rounds and three fast cycles about once in
 *     1,400 epochs (0.3^6), and with thousands of EMCON receivers that happens every few epochs; it would
 *     then wait for the next rekey, which in a quiet group may be hours away.</li>
 * </ol>
 */
final class EmconRepair {
    private final KeyTree tree;
    private final LkhParams p;
    /** Leaf indices of installed EMCON members. */
    final TreeSet<Integer> leaves = new TreeSet<>();
    private final ArrayDeque<int[]> recent = new ArrayDeque<>();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int roundsLeft;
    private int cursor;
    private boolean carousel;
    private int cyclesLeft;
    private long lastIdlePacket = Long.MIN_VALUE;

    EmconRepair(KeyTree tree, LkhParams p) {
        this.tree = tree;
        this.p = p;
    }

    /** A rekey changed these nodes. */
    void onRekey(int[] changed) {
        recent.addLast(changed);
        while (recent.size() > p.repairWindow()) {
            recent.removeFirst();
        }
        roundsLeft = p.repairRounds();
        queue.clear();
        carousel = p.carouselCycles() > 0;
        cyclesLeft = p.carouselCycles();
    }

    /**
     * @param seq current rekey sequence
     * @param epoch current epoch
     * @param epochKey current epoch key
     * @param nowMillis the host clock (paces the idle carousel)
     * @return the bodies to multicast this tick (possibly none)
     */
    List<byte[]> tick(long seq, long epoch, byte[] epochKey, long nowMillis) {
        if (leaves.isEmpty() || epochKey == null || !tree.hasKey(tree.root())) {
            return List.of();
        }
        if (queue.isEmpty() && roundsLeft > 0) {
            roundsLeft--;
            queue.addAll(recentPackets(seq, epoch, epochKey));
        }
        List<byte[]> out = new ArrayList<>();
        while (!queue.isEmpty() && out.size() < p.repairPackets()) {
            out.add(queue.poll());
        }
        if (out.isEmpty() && carousel) {
            byte[] b = carouselPacket(seq, epoch, epochKey);
            if (b != null) {
                out.add(b);
            }
        }
        if (out.isEmpty() && !carousel && p.carouselIdleMillis() > 0
                && (lastIdlePacket == Long.MIN_VALUE || nowMillis - lastIdlePacket >= p.carouselIdleMillis())) {
            lastIdlePacket = nowMillis;
            cyclesLeft = Integer.MAX_VALUE; // the fast cycles are over: the slow one never ends by itself
            byte[] b = carouselPacket(seq, epoch, epochKey);
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    private List<byte[]> recentPackets(long seq, long epoch, byte[] epochKey) {
        TreeSet<Integer> nodes = new TreeSet<>();
        for (int[] c : recent) {
            for (int n : c) {
                nodes.add(n);
            }
        }
        int d = tree.degree();
        List<WrapEntry> entries = new ArrayList<>();
        for (int n : nodes) {
            if (Nodes.level(n) > tree.height() || tree.emcon(n) == 0 || !tree.hasKey(n)) {
                continue;
            }
            byte[] key = tree.key(n);
            for (int k = 0; k < d; k++) {
                int c = Nodes.id(Nodes.level(n) - 1, Nodes.index(n) * d + k);
                if (tree.emcon(c) > 0 && tree.hasKey(c)) {
                    entries.add(new WrapEntry(WrapEntry.Kind.PARENT, c, tree.version(c), tree.version(n),
                            KeyWrap.wrap(tree.key(c), key)));
                }
            }
        }
        entries.add(BatchRekey.epochEntry(tree, epochKey));
        List<Packer.Packet> packets = Packer.pack(entries, d, tree.height(), seq, p.maxBody() - LkhCodec.HEADER);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            Packer.Packet pk = packets.get(i);
            out.add(LkhCodec.encode(new KeyMessage(LkhCodec.REPAIR, d, i, packets.size(), seq, epoch, pk.lo(), pk.hi(),
                    new byte[0], pk.entries())));
        }
        return out;
    }

    private byte[] carouselPacket(long seq, long epoch, byte[] epochKey) {
        Integer first = leaves.ceiling(cursor);
        if (first == null) {
            cursor = 0;
            if (--cyclesLeft <= 0) {
                carousel = false;
                return null;
            }
            first = leaves.first();
        }
        int d = tree.degree();
        WrapEntry epochEntry = BatchRekey.epochEntry(tree, epochKey);
        int size = LkhCodec.HEADER + LkhCodec.entrySize(epochEntry, seq);
        Map<Integer, WrapEntry> chosen = new LinkedHashMap<>();
        long lo = -1;
        long hi = -1;
        for (int leaf : leaves.tailSet(first)) {
            List<WrapEntry> add = new ArrayList<>();
            int addSize = 0;
            for (int id = Nodes.id(0, leaf); Nodes.level(id) < tree.height(); id = Nodes.parent(id, d)) {
                if (chosen.containsKey(id)) {
                    break;
                }
                int par = Nodes.parent(id, d);
                WrapEntry e = new WrapEntry(WrapEntry.Kind.PARENT, id, tree.version(id), tree.version(par),
                        KeyWrap.wrap(tree.key(id), tree.key(par)));
                add.add(e);
                addSize += LkhCodec.entrySize(e, seq);
            }
            if (lo >= 0 && size + addSize > p.maxBody()) {
                break;
            }
            for (WrapEntry e : add) {
                chosen.put(e.kekNode(), e);
            }
            size += addSize;
            lo = lo < 0 ? leaf : lo;
            hi = leaf;
        }
        cursor = (int) hi + 1;
        List<WrapEntry> entries = new ArrayList<>(chosen.values());
        entries.add(epochEntry);
        entries.sort(Packer.ORDER);
        return LkhCodec.encode(new KeyMessage(LkhCodec.REPAIR, d, 0, 1, seq, epoch, lo, hi, new byte[0], entries));
    }
}
