package org.miked.lkh.state;

import java.util.List;
import org.miked.api.MemberId;

/**
 * What a key server must not forget across a crash (issue 11): the shape of its key tree, every node key,
 * its receivers' registrations and the rekey sequence it may not go below. A plain snapshot: built from the
 * live tree by the server just before a batch's packets leave, turned into bytes by {@link ServerStateCodec}
 * and sealed by {@link StateSealer}; on the way back only a record that opened and decoded becomes one.
 *
 * @param degree the tree's degree
 * @param height the root's level
 * @param seq the rekey sequence of the batch this snapshot was taken at
 * @param seqReserved every sequence the writer used or will use before it writes again is at most this; a
 *     restarted server continues above it, so no receiver sees a sequence go back
 * @param epoch the epoch of that batch (the epoch key itself is not kept: the GMF derives a new one)
 * @param nextSlot leaf slots {@code 0..nextSlot-1} were handed out; the free ones among them are those no
 *     receiver holds
 * @param receivers the installed registrations, in no particular order
 * @param nodeIds interior nodes (level 1 and up) that hold a key
 * @param nodeVersions their keys' versions, index by index with {@code nodeIds}
 * @param nodeKeys their keys, {@link #KEY_LEN} bytes each, in the same order
 */
public record ServerState(int degree, int height, long seq, long seqReserved, long epoch, int nextSlot,
        List<Receiver> receivers, int[] nodeIds, long[] nodeVersions, byte[] nodeKeys) {
    /** Node and leaf key length (the tree's AES-128 KEKs). */
    public static final int KEY_LEN = 16;

    /**
     * One registration.
     *
     * @param id the receiver
     * @param emcon true for a pre-provisioned EMCON receiver (no lease)
     * @param leaf its leaf index
     * @param leafVersion its leaf key's version (the registration REFRESH, REPAIR_REQ and LEAVE name)
     * @param refreshCounter the last REFRESH counter taken for it (0: none), so a replay stays a replay
     * @param leafKey its individual key, {@link #KEY_LEN} bytes
     */
    public record Receiver(MemberId id, boolean emcon, int leaf, long leafVersion, long refreshCounter,
            byte[] leafKey) {
    }
}
