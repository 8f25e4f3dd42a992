package org.miked.lkh.wire;

import java.util.Arrays;

/**
 * One wrapped key of a key message, as decoded (untrusted until it unwraps under the key its tag names).
 *
 * @param kind what the wrapped key is
 * @param kekNode node id ({@code level << 24 | index}) of the key-encryption key
 * @param kekVersion version of the key-encryption key (the rekey sequence number that created it; for
 *     {@link Kind#INDIVIDUAL} always 0, meaning the registration key)
 * @param newVersion version of the wrapped key (for {@link Kind#EPOCH} 0: the epoch is in the header; else a past
 *     epoch key, of the header's epoch minus this)
 * @param wrapped RFC 3394 output: 24 bytes for a 16-byte node key, 40 bytes for the 32-byte epoch key
 */
public record WrapEntry(Kind kind, int kekNode, long kekVersion, long newVersion, byte[] wrapped) {

    /** What a wrap carries, relative to its key-encryption node {@code X}. */
    public enum Kind {
        /** The key of X's parent, wrapped under X's key (a leave, or a repair chain). */
        PARENT,
        /** A new version of X's own key, wrapped under its previous version (a join). */
        SELF,
        /** The group's epoch key, wrapped under the root key X. */
        EPOCH,
        /** The individual (leaf) key of leaf X, wrapped under the registration key (unicast only). */
        INDIVIDUAL
    }

    public WrapEntry {
        wrapped = wrapped.clone();
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    /** @return the wrapped bytes without copying (for codecs and tight loops; do not modify) */
    byte[] raw() {
        return wrapped;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrapEntry e && e.kind == kind && e.kekNode == kekNode && e.kekVersion == kekVersion
                && e.newVersion == newVersion && Arrays.equals(e.wrapped, wrapped);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + kekNode) * 31 + Arrays.hashCode(wrapped);
    }

    @Override
    public String toString() {
        return kind + "[kek=" + (kekNode >>> 24) + "/" + (kekNode & 0xffffff) + "v" + kekVersion + " -> v"
                + newVersion + "]";
    }
}
