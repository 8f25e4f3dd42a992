package org.miked.lkh.core;

/**
 * Node ids of a d-ary key tree, counted from the leaves: {@code id = level << 24 | index}, where level 0
 * holds the leaves (one per receiver slot) and node {@code (l, i)} has children {@code (l-1, d*i .. d*i+d-1)}.
 * Ids stay stable when the tree grows a new root on top (the old root {@code (h, 0)} becomes the first
 * child of {@code (h+1, 0)}), so receivers never renumber.
 */
public final class Nodes {
    /** Largest level an id can hold. */
    public static final int MAX_LEVEL = 31;
    /** Largest index + 1 per level. */
    public static final int MAX_INDEX = 1 << 24;

    private Nodes() {
    }

    public static int id(int level, int index) {
        return (level << 24) | index;
    }

    public static int level(int id) {
        return id >>> 24;
    }

    public static int index(int id) {
        return id & 0xffffff;
    }

    /** @return the parent of a node in a tree of degree d */
    public static int parent(int id, int d) {
        return id(level(id) + 1, index(id) / d);
    }

    /**
     * @param node a node id
     * @param leaf a leaf index
     * @param d degree
     * @return true if {@code node} is the leaf itself or one of its ancestors
     */
    public static boolean covers(int node, long leaf, int d) {
        int l = level(node);
        long span = 1;
        for (int i = 0; i < l; i++) {
            span *= d;
            if (span > Integer.MAX_VALUE) {
                return index(node) == 0 && leaf < span;
            }
        }
        return leaf / span == index(node);
    }

    /** @return d^level (leaves under a node of that level), saturated at Long.MAX_VALUE / 2 */
    public static long span(int level, int d) {
        long s = 1;
        for (int i = 0; i < level; i++) {
            s *= d;
            if (s > Long.MAX_VALUE / 128) {
                return Long.MAX_VALUE / 2;
            }
        }
        return s;
    }

    /** @return printable form {@code level/index} */
    public static String name(int id) {
        return level(id) + "/" + index(id);
    }
}
