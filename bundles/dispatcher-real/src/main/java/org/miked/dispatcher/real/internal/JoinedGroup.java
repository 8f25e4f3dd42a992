package org.miked.dispatcher.real.internal;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.ArrayList;
import java.util.List;
import org.miked.api.dispatch.GroupChannel;
import org.miked.common.net.AddressFilter;
import org.miked.dispatcher.real.core.ChannelAddresses;

/**
 * Holds one group the host opened: its channel, compiled filter and addresses (read by any thread) and one
 * {@link Listener} per multicast address it joins (event loop thread only).
 */
final class JoinedGroup {
    final GroupChannel channel;
    final AddressFilter filter;
    final ChannelAddresses addresses;
    final InetSocketAddress control;
    final boolean v6;
    final List<Listener> listeners;
    boolean open;

    /** The socket bound to one multicast address of the group and its membership; loop thread only. */
    static final class Listener {
        final InetSocketAddress address;
        DatagramChannel socket;
        MembershipKey membership;
        String problem;

        Listener(InetSocketAddress address) {
            this.address = address;
        }

        /** @return true if the socket is open and joined */
        boolean healthy() {
            return socket != null && socket.isOpen() && membership != null && membership.isValid();
        }
    }

    JoinedGroup(GroupChannel channel, AddressFilter filter, ChannelAddresses addresses) {
        this.channel = channel;
        this.filter = filter;
        this.addresses = addresses;
        this.control = addresses.control();
        this.v6 = addresses.v6();
        List<Listener> ls = new ArrayList<>();
        addresses.listen().forEach(a -> ls.add(new Listener(a)));
        this.listeners = List.copyOf(ls);
    }
}
