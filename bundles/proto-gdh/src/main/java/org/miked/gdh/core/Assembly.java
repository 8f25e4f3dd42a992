package org.miked.gdh.core;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.miked.dh.group.DhOps;
import org.miked.dh.group.Element;
import org.miked.dh.group.InvalidElementException;

/** Reassembles one author's element list from fragments, validating each element once. */
final class Assembly {
    private final Element[] elements;
    private final BitSet have = new BitSet();
    private boolean delivered;

    Assembly(int total) {
        elements = new Element[total];
    }

    int total() {
        return elements.length;
    }

    /**
     * Adds a fragment: all its new elements are validated before any is stored.
     *
     * @return true if an element was new
     * @throws InvalidElementException if an element is not a valid group element
     * @throws IllegalStateException if an element differs from the one received before at that index
     */
    boolean add(int first, List<byte[]> raw, DhOps ops) throws InvalidElementException {
        Element[] fresh = new Element[raw.size()];
        for (int k = 0; k < raw.size(); k++) {
            int idx = first + k;
            if (have.get(idx)) {
                if (!Arrays.equals(elements[idx].encoded(), raw.get(k))) {
                    throw new IllegalStateException("element " + idx + " differs from the one received before");
                }
            } else {
                fresh[k] = ops.decode(raw.get(k));
            }
        }
        boolean added = false;
        for (int k = 0; k < fresh.length; k++) {
            if (fresh[k] != null) {
                elements[first + k] = fresh[k];
                have.set(first + k);
                added = true;
            }
        }
        return added;
    }

    boolean complete() {
        return have.cardinality() == elements.length;
    }

    /** @return true the first time it is called on a complete assembly */
    boolean takeDelivery() {
        if (!complete() || delivered) {
            return false;
        }
        delivered = true;
        return true;
    }

    Element[] elements() {
        return elements.clone();
    }
}
