package org.miked.lkh.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.miked.api.runtime.RandomSource;
import org.miked.common.crypto.KeyWrap;
import org.miked.lkh.wire.WrapEntry;

/**
 * One batch rekey (Li-Yang-Gouda-Lam 2001) on a {@link KeyTree}: all leaves and joins since the last rekey
 * are applied together, every node on a changed path gets a fresh key exactly once, and the wraps are
 * chosen so that
 * <ul>
 * <li>a node with a departure (or a new node, or an EMCON joiner) below it is wrapped under the current
 *     key of each of its non-empty children (group-oriented rekeying: about {@code d} wraps per level,
 *     {@code L * d * log_d(N/L)} for L leaves): a departed member holds none of those keys (forward
 *     secrecy);</li>
 * <li>a node that changed only because of joins is wrapped once, under its own previous version
 *     (about {@code log_d n} wraps per join); joiners never see the previous version (backward
 *     secrecy) and get their path by unicast;</li>
 * <li>no wrap is made for a subtree whose only members are joiners served by unicast.</li>
 * </ul>
 * Finally the epoch key is wrapped under the root.
 */
public final class BatchRekey {
    private static final int FULL = 1;
    private static final int JOIN = 2;

    /**
     * A joiner of this batch.
     *
     * @param leafKey its individual key
     * @param emcon true for an EMCON member
     * @param multicast true if it must get its path from the multicast (EMCON); false if the server
     *     sends it its path by unicast
     */
    public record Join(byte[] leafKey, boolean emcon, boolean multicast) {
    }

    /** A departure of this batch. */
    public record Leave(int slot, boolean emcon) {
    }

    /**
     * @param entries the multicast wraps, lowest level first, epoch entry last
     * @param slots leaf index given to each joiner, in the order of the joins
     * @param changed nodes that got a new key
     * @param nodeWraps wraps of node keys (entries without the epoch entry)
     */
    public record Result(List<WrapEntry> entries, int[] slots, int[] changed, int nodeWraps) {
    }

    private BatchRekey() {
    }

    /**
     * Applies a batch and computes its wraps.
     *
     * @param tree the tree (changed in place)
     * @param leaves departures
     * @param joins arrivals
     * @param seq this rekey's sequence number (the version of every new key)
     * @param epochKey the 32-byte epoch key to deliver
     * @param random key source
     * @return the wraps to multicast
     */
    public static Result run(KeyTree tree, List<Leave> leaves, List<Join> joins, long seq, byte[] epochKey,
            RandomSource random) {
        int d = tree.degree();
        for (Leave l : leaves) {
            tree.removeMember(l.slot(), l.emcon());
            tree.releaseSlot(l.slot());
        }
        int[] slots = new int[joins.size()];
        for (int i = 0; i < joins.size(); i++) {
            Join j = joins.get(i);
            slots[i] = tree.allocateSlot();
            tree.addMember(slots[i], j.leafKey(), seq, j.emcon());
        }
        // mark paths only now: joins may have grown the tree
        int h = tree.height();
        TreeMap<Integer, Integer> mark = new TreeMap<>();
        Map<Integer, Integer> fresh = new HashMap<>();
        for (Leave l : leaves) {
            markPath(mark, Nodes.id(0, l.slot()), FULL, h, d);
        }
        for (int i = 0; i < joins.size(); i++) {
            boolean mc = joins.get(i).multicast();
            int leaf = Nodes.id(0, slots[i]);
            markPath(mark, leaf, mc ? FULL : JOIN, h, d);
            if (!mc) {
                for (int id = leaf; Nodes.level(id) <= h; id = Nodes.parent(id, d)) {
                    fresh.merge(id, 1, Integer::sum);
                }
            }
        }
        List<WrapEntry> entries = new ArrayList<>();
        int[] changed = new int[mark.size()];
        int nChanged = 0;
        for (var m : mark.entrySet()) {
            int node = m.getKey();
            if (tree.count(node) == 0) {
                tree.clearKey(node);
                continue;
            }
            byte[] key = random.bytes(KeyTree.KEY_LEN);
            boolean hadKey = tree.hasKey(node);
            if ((m.getValue() & FULL) != 0 || !hadKey) {
                int first = Nodes.index(node) * d;
                for (int k = 0; k < d; k++) {
                    int c = Nodes.id(Nodes.level(node) - 1, first + k);
                    int members = tree.count(c);
                    if (members > 0 && members - fresh.getOrDefault(c, 0) > 0) {
                        entries.add(new WrapEntry(WrapEntry.Kind.PARENT, c, tree.version(c), seq,
                                KeyWrap.wrap(tree.key(c), key)));
                    }
                }
            } else if (tree.count(node) - fresh.getOrDefault(node, 0) > 0) {
                entries.add(new WrapEntry(WrapEntry.Kind.SELF, node, tree.version(node), seq,
                        KeyWrap.wrap(tree.key(node), key)));
            }
            tree.setKey(node, key, seq);
            changed[nChanged++] = node;
        }
        int nodeWraps = entries.size();
        int root = tree.root();
        if (tree.count(root) > 0) {
            entries.add(epochEntry(tree, epochKey));
        }
        return new Result(entries, slots, java.util.Arrays.copyOf(changed, nChanged), nodeWraps);
    }

    /** @return the epoch key wrapped under the current root */
    public static WrapEntry epochEntry(KeyTree tree, byte[] epochKey) {
        int root = tree.root();
        return new WrapEntry(WrapEntry.Kind.EPOCH, root, tree.version(root), 0, KeyWrap.wrap(tree.key(root), epochKey));
    }

    /**
     * @param tree the tree, after the batch
     * @param delta how many epochs before the current one (1..2^32-1)
     * @param pastKey that epoch's key
     * @return the earlier epoch's key wrapped under the current root (issue 12: only for epochs every holder of the
     *     root was a member in; the server decides which)
     */
    public static WrapEntry pastEpochEntry(KeyTree tree, long delta, byte[] pastKey) {
        int root = tree.root();
        return new WrapEntry(WrapEntry.Kind.EPOCH, root, tree.version(root), delta, KeyWrap.wrap(tree.key(root), pastKey));
    }

    private static void markPath(TreeMap<Integer, Integer> mark, int leaf, int how, int h, int d) {
        for (int id = Nodes.parent(leaf, d); Nodes.level(id) <= h; id = Nodes.parent(id, d)) {
            mark.merge(id, how, (a, b) -> a | b);
        }
    }

    /**
     * The chain of current keys from a leaf to the root, each wrapped under its child on the path, then
     * the epoch key under the root: everything a member needs, under its individual key.
     *
     * @param tree the tree
     * @param leaf the member's leaf index
     * @param epochKey the current epoch key
     * @return the wraps, lowest level first
     */
    public static List<WrapEntry> chain(KeyTree tree, int leaf, byte[] epochKey) {
        List<WrapEntry> out = new ArrayList<>(tree.height() + 1);
        int d = tree.degree();
        for (int id = Nodes.id(0, leaf); Nodes.level(id) < tree.height(); id = Nodes.parent(id, d)) {
            int p = Nodes.parent(id, d);
            out.add(new WrapEntry(WrapEntry.Kind.PARENT, id, tree.version(id), tree.version(p),
                    KeyWrap.wrap(tree.key(id), tree.key(p))));
        }
        out.add(epochEntry(tree, epochKey));
        return out;
    }
}
