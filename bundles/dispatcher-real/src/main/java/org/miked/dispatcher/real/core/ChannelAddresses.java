package org.miked.dispatcher.real.core;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.policy.SenderEntry;
import org.miked.common.net.IpLiteral;

/**
 * Checks a group's channel and turns its address literals into socket addresses, all on the control port:
 * the control multicast address, every key server's rekey address, the senders' pinned unicast addresses,
 * and from the channel's own rule ({@link GroupChannel#listenAddresses()},
 * {@link GroupChannel#multicastAddress}) the addresses this host joins and where each audience's
 * multicast goes. Parses with {@link IpLiteral} only, so no name is ever looked up.
 *
 * @param control the group's control multicast address and port
 * @param pinned the senders whose address is a literal, in policy order
 * @param unpinned one message per sender whose address is not a literal (unicast to it is learned instead)
 * @param listen the multicast addresses this host joins, without repeats (a sender: the control address; a
 *     receiver with per-server rekey channels: its key server's rekey address only)
 * @param multicast per audience where a multicast from this host goes
 */
public record ChannelAddresses(InetSocketAddress control, Map<MemberId, InetSocketAddress> pinned,
        List<String> unpinned, List<InetSocketAddress> listen, Map<Audience, InetSocketAddress> multicast) {

    public ChannelAddresses {
        pinned = Collections.unmodifiableMap(new LinkedHashMap<>(pinned));
        unpinned = List.copyOf(unpinned);
        listen = List.copyOf(listen);
        multicast = Collections.unmodifiableMap(new EnumMap<>(multicast));
    }

    /** @return true if the control address is IPv6 */
    public boolean v6() {
        return control.getAddress() instanceof Inet6Address;
    }

    /**
     * @param audience who a multicast is for
     * @return where it goes from this host: RECEIVERS from a sender to its own rekey channel, everything
     *     else to the control address
     */
    public InetSocketAddress multicastTo(Audience audience) {
        return multicast.get(audience);
    }

    /**
     * @param channel the group's channel
     * @param family {@code any}, {@code ipv4} or {@code ipv6}: the IP versions the dispatcher accepts
     * @param self this host (decides where its RECEIVERS multicast goes)
     * @return the group's socket addresses
     * @throws IllegalArgumentException naming the group and field if the control address is not a multicast
     *     literal of an accepted family, a rekey address is not a multicast literal of the control address's
     *     family, or the control port is not a UDP port
     */
    public static ChannelAddresses of(GroupChannel channel, String family, MemberId self) {
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
        // every multicast literal of the channel, as the channel's rule names them
        Map<String, InetSocketAddress> multicastLiterals = new HashMap<>();
        multicastLiterals.put(channel.controlAddress(), new InetSocketAddress(ctl, port));
        for (int i = 0; i < channel.rekeyAddresses().size(); i++) {
            String s = channel.rekeyAddresses().get(i);
            InetAddress a = rekey(s, channel.senders().get(i).id(), ctl, channel);
            multicastLiterals.put(s, new InetSocketAddress(a, port));
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
        // two literals may spell one address (" 239.1.1.1", "239.1.1.1"): one socket each address
        LinkedHashSet<InetSocketAddress> listen = new LinkedHashSet<>();
        channel.listenAddresses().forEach(s -> listen.add(multicastLiterals.get(s)));
        Map<Audience, InetSocketAddress> multicast = new EnumMap<>(Audience.class);
        for (Audience a : Audience.values()) {
            multicast.put(a, multicastLiterals.get(channel.multicastAddress(a, self)));
        }
        return new ChannelAddresses(new InetSocketAddress(ctl, port), pinned, unpinned, new ArrayList<>(listen),
                multicast);
    }

    private static InetAddress rekey(String s, MemberId server, InetAddress ctl, GroupChannel channel) {
        GroupId group = channel.group();
        InetAddress a = literal(s, "rekeyAddresses", " (of " + server + ")", group);
        if (!a.isMulticastAddress()) {
            throw new IllegalArgumentException("group " + group + ": rekeyAddresses " + s + " (of " + server
                    + ") is not a multicast address");
        }
        boolean v6 = a instanceof Inet6Address;
        if (v6 != ctl instanceof Inet6Address) {
            throw new IllegalArgumentException("group " + group + ": rekeyAddresses " + s + " (of " + server
                    + ") is IPv" + (v6 ? 6 : 4) + " but controlAddress " + channel.controlAddress() + " is IPv"
                    + (v6 ? 4 : 6));
        }
        return a;
    }

    private static InetAddress literal(String s, String field, GroupId group) {
        return literal(s, field, "", group);
    }

    private static InetAddress literal(String s, String field, String owner, GroupId group) {
        try {
            return IpLiteral.address(s == null ? "" : s.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("group " + group + ": " + field + " '" + s + "'" + owner
                    + " is not an IPv4 or IPv6 address literal (" + e.getMessage() + ")", e);
        }
    }
}
