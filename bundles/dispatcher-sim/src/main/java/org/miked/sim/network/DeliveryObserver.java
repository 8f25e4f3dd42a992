package org.miked.sim.network;

import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Watches every datagram copy of a {@link SimNetwork}: for traces, visualisation and replay checks.
 * Called on the simulation thread; must not keep {@code payload}.
 */
@ConsumerType
public interface DeliveryObserver {
    /**
     * A copy is about to be handed to the receiver's handler.
     *
     * @param atMillis virtual time
     * @param from sender
     * @param to receiver
     * @param group the group of the datagram
     * @param payload the payload (do not keep or modify it: every receiver of a multicast is handed this array)
     */
    void delivered(long atMillis, MemberId from, MemberId to, GroupId group, byte[] payload);

    /**
     * A copy was dropped (lost, partitioned, filtered ...).
     *
     * @param atMillis virtual time
     * @param from sender
     * @param to intended receiver
     * @param group the group of the datagram
     * @param reason why
     */
    default void dropped(long atMillis, MemberId from, MemberId to, GroupId group, DropReason reason) {
    }
}
