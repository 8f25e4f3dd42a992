package org.miked.dh.group;

import java.util.Arrays;

/**
 * An element of a {@link DhGroup}: an opaque value of the group's implementation plus its canonical
 * encoding, computed once. Only a group creates elements, so an element is always valid.
 */
public final class Element {
    private final DhGroup group;
    private final Object value;
    private byte[] encoded;

    Element(DhGroup group, Object value, byte[] encoded) {
        this.group = group;
        this.value = value;
        this.encoded = encoded;
    }

    /** @return the group this element belongs to */
    public DhGroup group() {
        return group;
    }

    Object value() {
        return value;
    }

    /** @return the canonical encoding (a copy): {@link DhGroup#elementBytes()} bytes */
    public byte[] encoded() {
        return encodedRef().clone();
    }

    byte[] encodedRef() {
        if (encoded == null) {
            encoded = group.encodeValue(value);
        }
        return encoded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Element e && e.group == group && Arrays.equals(e.encodedRef(), encodedRef());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encodedRef());
    }

    @Override
    public String toString() {
        byte[] e = encodedRef();
        return group.name() + ":" + org.miked.common.crypto.Hex.encode(Arrays.copyOf(e, Math.min(6, e.length))) + "..";
    }
}
