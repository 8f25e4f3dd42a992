package org.miked.gmf.core;

import org.miked.api.GroupId;
import org.miked.api.protocol.EpochKey;

/**
 * A sender's epoch chain: holds the agreed sender secret {@code Ks}, derives {@code Ke(n)} from it, and
 * chooses the first epoch of a new run so that epochs never repeat, also across a crash.
 */
final class EpochChain {
    private final GroupId group;
    private byte[] senderSecret;
    private long highestEpochSeen;
    /** The highest epoch this host held before it (re)started the group, from its epoch mark; -1: none. */
    private long heldBefore = -1;

    EpochChain(GroupId group) {
        this.group = group;
    }

    /** @param secret the sender secret of the run that just agreed */
    void agreed(byte[] secret) {
        senderSecret = secret;
    }

    /** Forgets the sender secret (the group stopped). */
    void forget() {
        senderSecret = null;
    }

    boolean hasSecret() {
        return senderSecret != null;
    }

    /** @return Ke(epoch) of the current run's secret */
    EpochKey derive(long epoch) {
        return EpochKeys.derive(senderSecret, group, epoch);
    }

    /** @param epoch an epoch another sender reported */
    void seen(long epoch) {
        highestEpochSeen = Math.max(highestEpochSeen, epoch);
    }

    /**
     * @param epoch the highest epoch this host held before the group started here (its epoch mark), or -1:
     *     the first run starts above it, numbered as if it followed it (see {@link #nextBase})
     */
    void heldBefore(long epoch) {
        heldBefore = epoch;
        seen(epoch);
    }

    /**
     * @param current this host's current epoch key, or null
     * @param now the clock (ms)
     * @return the first epoch of the next run: after the current one and any other sender reported; a
     *     sender without memory of the group starts from its clock (ms), which runs ahead of any epoch its
     *     earlier incarnation reached (less than one epoch per ms)
     */
    long nextBase(EpochKey current, long now) {
        long base = Math.max(current == null ? Math.max(1, now) : current.epoch() + 1, highestEpochSeen + 1);
        if (current == null && heldBefore >= 0) {
            // issue 11, "no SPI is ever reused": MsaDeriver puts an epoch's low 12 bits in the top of its SPIs, so
            // epochs less than 4,096 apart never share an SPI. A clock-chosen base may have the low bits of an
            // epoch the earlier incarnation held, whose MSAs members (or a kernel the sweep could not clean) may
            // still hold: move it up (by less than 4,096) to the low bits of heldBefore + 1, as if the runs were
            // consecutive. Then new epoch base + j and old epoch heldBefore - k differ in their SPIs' epoch bits
            // whenever j + k < 4,095.
            base += Math.floorMod(heldBefore + 1 - base, 1L << MsaDeriver.EPOCH_SPI_BITS);
        }
        return base;
    }
}
