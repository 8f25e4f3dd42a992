package org.miked.dh.wire;

import java.util.Arrays;
import org.miked.common.crypto.Hex;

/**
 * The first bytes of every agreement message, as decoded (untrusted until the core compared it with its
 * run). See {@link RunHeaderCodec} for the layout.
 *
 * @param protocol protocol id (1 bd, 2 gdh2, 3 gdh3)
 * @param type message type within the protocol
 * @param dhGroup DH group wire code (1 P-256, 2 ffdhe2048, 3 ffdhe3072)
 * @param position the sender's index in the run's member list (0-based)
 * @param run run number
 * @param listHash {@link #LIST_HASH_BYTES} bytes naming the member list
 * @param group multicast group name (the GMF's group id)
 */
public record RunHeader(int protocol, int type, int dhGroup, int position, long run, byte[] listHash, String group) {
    /** Bytes of the member-list hash on the wire. */
    public static final int LIST_HASH_BYTES = 16;

    public RunHeader {
        if (listHash.length != LIST_HASH_BYTES) {
            throw new IllegalArgumentException("list hash must be " + LIST_HASH_BYTES + " bytes");
        }
        listHash = listHash.clone();
    }

    @Override
    public byte[] listHash() {
        return listHash.clone();
    }

    /** @return the same header with another type */
    public RunHeader withType(int t) {
        return new RunHeader(protocol, t, dhGroup, position, run, listHash, group);
    }

    /** @return true if the list hash equals h */
    public boolean sameList(byte[] h) {
        return Arrays.equals(listHash, h);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunHeader h && h.protocol == protocol && h.type == type && h.dhGroup == dhGroup
                && h.position == position && h.run == run && Arrays.equals(h.listHash, listHash) && h.group.equals(group);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(run) * 31 + Arrays.hashCode(listHash);
    }

    @Override
    public String toString() {
        return "RunHeader[p" + protocol + " t" + type + " g" + dhGroup + " pos" + position + " run" + run + " list "
                + Hex.encode(Arrays.copyOf(listHash, 4)) + " " + group + "]";
    }
}
