package org.miked.api.dispatch;

import org.miked.api.GroupId;
import org.miked.api.runtime.HostRuntime;
import org.osgi.annotation.versioning.ConsumerType;

/** One host's attachment to a dispatcher. */
// implemented by dispatcher bundles (dispatcher-sim, dispatcher-real, simulator)
@ConsumerType
public interface HostPort extends AutoCloseable {
    /** @return the host's event loop, clock and randomness */
    HostRuntime runtime();

    /**
     * Sends a datagram without blocking. Datagrams may be lost, duplicated, delayed or reordered.
     * A host in EMCON for the group must never call this for that group; dispatchers count such
     * attempts and drop them.
     *
     * @param to destination
     * @param payload bytes to send (copied)
     * @return false if the datagram was refused locally (filter rule, EMCON, no route), true if handed to
     *     the network
     */
    boolean send(Destination to, byte[] payload);

    /**
     * Starts listening for a group's key-management traffic (joins its control multicast address
     * on a real host) and applies the group's filter rules to it. Opening a group that is open replaces
     * its channel.
     *
     * @param channel what the dispatcher needs of the group's policy ({@link GroupChannel#of})
     * @throws IllegalArgumentException if the dispatcher cannot use the channel (a control address that is
     *     not a multicast literal, a family it is not configured for), naming the group
     * @throws IllegalStateException if the port is closed
     */
    void openGroup(GroupChannel channel);

    /** @param group stops listening for this group */
    void closeGroup(GroupId group);

    /** Detaches the host; no more deliveries after this returns. */
    @Override
    void close();
}
