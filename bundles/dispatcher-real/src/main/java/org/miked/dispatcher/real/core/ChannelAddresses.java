package org.miked.dispatcher.real.core;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.policy.SenderEntry;
import org.miked.common.net.IpLiteral;

/**
 * Checks a group's channel and turns its address literals into socket addresses: the control multicast
 * address and port, and the senders' pinned unicast addresses on that port. Parses with
 * {@link IpLiteral} only, so no name is ever looked up.
 *
 * @param control the group's control multicast address and port
 * @param pinned the senders whose address is a literal, in policy order
 * @param unpinned one message per sender whose address is not a literal (unicast to it is learned instead)
 */
public record ChannelAddresses(InetSocketAddress control, Map<MemberId, InetSocketAddress> pinned,
        List<String> unpinned) {

    public ChannelAddresses {
        pinned = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pinned));
        unpinned = List.copyOf(unpinned);
    }

    /** @return true if the control address is IPv6 */
    public boolean v6() {
        return control.getAddress() instanceof Inet6Address;
    }

    /**
     * @param channel the group's channel
     * @param family {@code any}, {@code ipv4} or {@code ipv6}: the IP versions the dispatcher accepts
     * @return the group's socket addresses
     * @throws IllegalArgumentException naming the group and field if the control address is not a multicast
     *     literal of an accepted family or the control port is not a UDP port
     */
    public static ChannelAddresses of(GroupChannel channel, String family) {
        GroupId group = channel.group();
        InetAddress ctl = literal(channel.controlAddress(), "controlAddress", group);
        if (!ctl.isMulticastAddress()) {
            throw new IllegalArgumentException("group " + group + ": controlAddress " + channel.controlAddress()
                    + " is not a multicast address");
        }
        boolean v6 = ctl instanceof Inet6Address;
        if (family.equals(v6 ? "ipv4" : "ipv6")) {
            throw new IllegalArgumentException("group " + group + ": controlAddress " + channel.controlAddress()
                    + " is IPv" + (v6 ? 6 : 4) + " but the dispatcher is configured for " + family + " only");
        }
        int port = channel.controlPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("group " + group + ": controlPort " + port + " is not a UDP port");
        }
        Map<MemberId, InetSocketAddress> pinned = new LinkedHashMap<>();
        List<String> unpinned = new ArrayList<>();
        for (SenderEntry s : channel.senders()) {
            try {
                pinned.put(s.id(), new InetSocketAddress(literal(s.address(), "senders", group), port));
            } catch (IllegalArgumentException e) {
                unpinned.add(e.getMessage() + ": unicast to " + s.id() + " is learned instead");
            }
        }
        return new ChannelAddresses(new InetSocketAddress(ctl, port), pinned, unpinned);
    }

    private static InetAddress literal(String s, String field, GroupId group) {
        try {
            return IpLiteral.address(s == null ? "" : s.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("group " + group + ": " + field + " '" + s
                    + "' is not an IPv4 or IPv6 address literal (" + e.getMessage() + ")", e);
        }
    }
}
