package org.miked.dispatcher.real.internal;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import org.miked.api.dispatch.GroupChannel;
import org.miked.common.net.AddressFilter;

/**
 * Holds one group the host opened: its channel, compiled filter and control address (read by any
 * thread) and its multicast socket and membership (event loop thread only).
 */
final class JoinedGroup {
    final GroupChannel channel;
    final AddressFilter filter;
    final InetSocketAddress control;
    final boolean v6;
    DatagramChannel socket;
    MembershipKey membership;
    String problem;
    boolean open;

    JoinedGroup(GroupChannel channel, AddressFilter filter, InetSocketAddress control, boolean v6) {
        this.channel = channel;
        this.filter = filter;
        this.control = control;
        this.v6 = v6;
    }

    /** @return true if the socket is open and joined; loop thread only */
    boolean healthy() {
        return socket != null && socket.isOpen() && membership != null && membership.isValid();
    }
}
