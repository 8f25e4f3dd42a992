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
     * @param current this host's current epoch key, or null
     * @param now the clock (ms)
     * @return the first epoch of the next run: after the current one and any other sender reported; a
     *     sender without memory of the group starts from its clock (ms), which runs ahead of any epoch its
     *     earlier incarnation reached (less than one epoch per ms)
     */
    long nextBase(EpochKey current, long now) {
        return Math.max(current == null ? Math.max(1, now) : current.epoch() + 1, highestEpochSeen + 1);
    }
}
