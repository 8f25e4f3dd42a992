package org.miked.lkh.core;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * The key server's d-ary key tree (Wong-Gouda-Lam key graph). Leaves (level 0) are receiver slots and
 * hold individual keys; every interior node on a path to a member holds a node key. Storage is flat,
 * one array per level, so a tree of 100,000 members costs a few MB and no per-node objects.
 *
 * <p>Node keys are {@value #KEY_LEN} bytes. Versions are the rekey sequence number that created the key
 * ({@code -1} stored = no key). Slots are handed out lowest-free-first, so the tree stays left-packed and a
 * leave costs about {@code d * log_d n} wraps. When all {@code d^h} slots are taken the tree grows a new
 * root on top; node ids do not change (see {@link Nodes}).
 */
public final class KeyTree {
    /** Node key length in bytes (AES-128 KEKs; see docs/proto-lkh.md). */
    public static final int KEY_LEN = 16;
    private static final int NONE = -1;

    private final int d;
    private int height = 1;
    private byte[][] keys = new byte[Nodes.MAX_LEVEL + 1][];
    private int[][] versions = new int[Nodes.MAX_LEVEL + 1][];
    private int[][] count = new int[Nodes.MAX_LEVEL + 1][];
    private int[][] emcon = new int[Nodes.MAX_LEVEL + 1][];
    private int nextSlot;
    private final PriorityQueue<Integer> free = new PriorityQueue<>();

    /** @param degree children per node, 2..64 */
    public KeyTree(int degree) {
        if (degree < 2 || degree > 64) {
            throw new IllegalArgumentException("degree must be 2..64, got " + degree);
        }
        this.d = degree;
        for (int l = 0; l <= Nodes.MAX_LEVEL; l++) {
            keys[l] = new byte[0];
            versions[l] = new int[0];
            count[l] = new int[0];
            emcon[l] = new int[0];
        }
    }

    public int degree() {
        return d;
    }

    /** @return level of the root */
    public int height() {
        return height;
    }

    /** @return the root's node id */
    public int root() {
        return Nodes.id(height, 0);
    }

    /** @return leaf slots the current height offers */
    public long capacity() {
        return Nodes.span(height, d);
    }

    /**
     * Takes the lowest free slot, growing the tree when full.
     *
     * @return the leaf index
     */
    public int allocateSlot() {
        int slot = free.isEmpty() ? nextSlot++ : free.poll();
        while (slot >= capacity()) {
            grow();
        }
        return slot;
    }

    /** @param slot a leaf index no longer used */
    public void releaseSlot(int slot) {
        free.add(slot);
    }

    private void grow() {
        if (height >= Nodes.MAX_LEVEL - 1 || capacity() * d > Nodes.MAX_INDEX) {
            throw new IllegalStateException("key tree full");
        }
        int oldRoot = root();
        height++;
        int r = root();
        ensure(r);
        count[height][0] = count(oldRoot);
        emcon[height][0] = emcon(oldRoot);
        versions[height][0] = NONE;
    }

    private void ensure(int id) {
        int l = Nodes.level(id);
        int i = Nodes.index(id);
        if (i < count[l].length) {
            return;
        }
        int n = Math.max(i + 1, Math.max(4, count[l].length * 2));
        int old = count[l].length;
        count[l] = Arrays.copyOf(count[l], n);
        emcon[l] = Arrays.copyOf(emcon[l], n);
        versions[l] = Arrays.copyOf(versions[l], n);
        Arrays.fill(versions[l], old, n, NONE);
        keys[l] = Arrays.copyOf(keys[l], n * KEY_LEN);
    }

    private boolean exists(int id) {
        return Nodes.index(id) < count[Nodes.level(id)].length;
    }

    /** @return members in the node's subtree */
    public int count(int id) {
        return exists(id) ? count[Nodes.level(id)][Nodes.index(id)] : 0;
    }

    /** @return EMCON members in the node's subtree */
    public int emcon(int id) {
        return exists(id) ? emcon[Nodes.level(id)][Nodes.index(id)] : 0;
    }

    /** @return true if the node holds a key */
    public boolean hasKey(int id) {
        return exists(id) && versions[Nodes.level(id)][Nodes.index(id)] != NONE;
    }

    /** @return the node key's version (the rekey sequence that set it); undefined without a key */
    public long version(int id) {
        return Integer.toUnsignedLong(versions[Nodes.level(id)][Nodes.index(id)]);
    }

    /** @return a copy of the node's key, or null */
    public byte[] key(int id) {
        if (!hasKey(id)) {
            return null;
        }
        int off = Nodes.index(id) * KEY_LEN;
        return Arrays.copyOfRange(keys[Nodes.level(id)], off, off + KEY_LEN);
    }

    /** Sets a node key and its version. */
    public void setKey(int id, byte[] key, long version) {
        if (key.length != KEY_LEN) {
            throw new IllegalArgumentException("node keys are " + KEY_LEN + " bytes");
        }
        ensure(id);
        int l = Nodes.level(id);
        int i = Nodes.index(id);
        System.arraycopy(key, 0, keys[l], i * KEY_LEN, KEY_LEN);
        versions[l][i] = (int) version;
    }

    /** Forgets a node key (overwrites it). */
    public void clearKey(int id) {
        if (!exists(id)) {
            return;
        }
        int l = Nodes.level(id);
        int i = Nodes.index(id);
        Arrays.fill(keys[l], i * KEY_LEN, (i + 1) * KEY_LEN, (byte) 0);
        versions[l][i] = NONE;
    }

    /**
     * Puts a member on a leaf and counts it along its path.
     *
     * @param leaf leaf index from {@link #allocateSlot()}
     * @param leafKey its individual key
     * @param version the leaf key's version
     * @param isEmcon whether the member is in EMCON
     */
    public void addMember(int leaf, byte[] leafKey, long version, boolean isEmcon) {
        int id = Nodes.id(0, leaf);
        setKey(id, leafKey, version);
        for (int l = 0; l <= height; l++, id = Nodes.parent(id, d)) {
            ensure(id);
            count[l][Nodes.index(id)]++;
            if (isEmcon) {
                emcon[l][Nodes.index(id)]++;
            }
        }
    }

    /** Removes a member's leaf (key overwritten) and uncounts it along its path. */
    public void removeMember(int leaf, boolean isEmcon) {
        int id = Nodes.id(0, leaf);
        clearKey(id);
        for (int l = 0; l <= height; l++, id = Nodes.parent(id, d)) {
            count[l][Nodes.index(id)]--;
            if (isEmcon) {
                emcon[l][Nodes.index(id)]--;
            }
        }
    }

    /** @return approximate bytes held by the tree's arrays */
    public long footprintBytes() {
        long b = 0;
        for (int l = 0; l <= Nodes.MAX_LEVEL; l++) {
            b += keys[l].length + 4L * (versions[l].length + count[l].length + emcon[l].length) + 4 * 16;
        }
        return b;
    }

    /** @return slots of a level that may hold a node (state records walk them) */
    int width(int level) {
        return count[level].length;
    }

    /** @return the next never-used leaf slot */
    int nextSlot() {
        return nextSlot;
    }

    /** Copies a node's key (which it must hold) into {@code dst} at {@code off}, without allocating. */
    void keyInto(int id, byte[] dst, int off) {
        System.arraycopy(keys[Nodes.level(id)], Nodes.index(id) * KEY_LEN, dst, off, KEY_LEN);
    }

    /** Restoring a state record, into an empty tree: grows it to this height. */
    void growTo(int h) {
        while (height < h) {
            grow();
        }
    }

    /**
     * Restoring a state record, after its members were added: slots {@code 0..n-1} were handed out, and those
     * no member holds are free again.
     */
    void restoreSlots(int n) {
        nextSlot = n;
        free.clear();
        for (int s = 0; s < n; s++) {
            if (count(Nodes.id(0, s)) == 0) {
                free.add(s);
            }
        }
    }

    /** Overwrites every key. */
    public void wipe() {
        for (byte[] k : keys) {
            Arrays.fill(k, (byte) 0);
        }
    }
}
