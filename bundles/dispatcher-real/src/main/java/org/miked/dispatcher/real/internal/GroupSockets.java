package org.miked.dispatcher.real.internal;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.GroupChannel;
import org.miked.common.net.AddressFilter;
import org.miked.dispatcher.real.core.ChannelAddresses;
import org.miked.dispatcher.real.core.PeerTable;

/**
 * Joins the open groups' multicast on the chosen interface and keeps them joined: one socket per (group,
 * listen address), bound to that address and the control port (a sender: the control address; a receiver
 * with per-server rekey channels: its key server's rekey address), left when the interface goes down and
 * re-joined when it is back or after a failure (the retry timer, {@link #tick}). The group table is read by
 * any thread; sockets are touched on the event loop only.
 */
final class GroupSockets {
    private static final System.Logger LOG = System.getLogger("org.miked.dispatcher.real");

    private final Settings settings;
    private final EventLoop loop;
    private final InterfaceChooser chooser;
    private final Endpoints endpoints;
    private final PeerTable peers;
    private final DispatchCounters counters;
    private final ReceivePath receive;
    private final Map<GroupId, JoinedGroup> groups = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    GroupSockets(Settings settings, EventLoop loop, InterfaceChooser chooser, Endpoints endpoints, PeerTable peers,
            DispatchCounters counters, ReceivePath receive) {
        this.settings = settings;
        this.loop = loop;
        this.chooser = chooser;
        this.endpoints = endpoints;
        this.peers = peers;
        this.counters = counters;
        this.receive = receive;
    }

    /**
     * @param group a group
     * @return it if the host opened it, else null
     */
    JoinedGroup get(GroupId group) {
        return groups.get(group);
    }

    /**
     * @param group a group
     * @return its compiled rules if the host opened it, else null
     */
    AddressFilter filterOf(GroupId group) {
        JoinedGroup g = groups.get(group);
        return g == null ? null : g.filter;
    }

    /** @return the groups the host opened */
    Set<GroupId> ids() {
        return groups.keySet();
    }

    /**
     * Any thread: checks the channel, records the group (sends for it are accepted from now on), pins its
     * senders and has the loop bind and join its sockets. Re-opening a group replaces it.
     *
     * @param channel the group's channel
     * @param self this host (where its RECEIVERS multicast goes depends on it)
     * @throws IllegalArgumentException naming the group if the channel cannot be used
     */
    void open(GroupChannel channel, MemberId self) {
        ChannelAddresses a = ChannelAddresses.of(channel, settings.family(), self);
        JoinedGroup g = new JoinedGroup(channel, AddressFilter.of(channel.excluded()), a);
        JoinedGroup old = groups.put(channel.group(), g);
        peers.forget(channel.group());
        a.pinned().forEach((id, addr) -> peers.pin(channel.group(), id, addr));
        a.unpinned().forEach(m -> LOG.log(System.Logger.Level.WARNING, m));
        if (a.listen().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "group " + channel.group() + ": joins no multicast address ("
                    + "rekeyListen " + channel.rekeyListen() + " names none of its senders); only unicast reaches it");
        }
        loop.execute(() -> {
            if (old != null) {
                closeSockets(old);
            }
            if (groups.get(channel.group()) == g) {
                g.open = true;
                endpoints.get(g.v6, g.control.getPort());
                // before the group sockets exist: no datagram of it passes unfiltered
                endpoints.refreshFilters(groups.values());
                g.listeners.forEach(l -> join(g, l));
            }
        });
    }

    /** @param group any thread: forgets the group now; the loop leaves and closes its sockets */
    void close(GroupId group) {
        JoinedGroup g = groups.remove(group);
        peers.forget(group);
        if (g != null) {
            loop.execute(() -> {
                g.open = false;
                closeSockets(g);
                endpoints.refreshFilters(groups.values());
            });
        }
    }

    /**
     * Loop thread: binds one of the group's multicast sockets and joins on the interface; on failure the
     * retry timer tries again.
     */
    private void join(JoinedGroup g, JoinedGroup.Listener l) {
        Endpoints.Endpoint e = endpoints.get(g.v6, g.control.getPort());
        DatagramChannel ch = null;
        try {
            NetworkInterface nif = chooser.choose(g.v6);
            if (!chooser.isUp(nif)) {
                throw new IOException("interface " + chooser.nameOf(nif) + " is " + (nif == null ? "absent" : "down"));
            }
            ch = DatagramChannel.open(g.v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(l.address);
            l.membership = ch.join(l.address.getAddress(), nif);
            ch.configureBlocking(false);
            ch.register(loop.selector(), SelectionKey.OP_READ, (EventLoop.Readable) k -> read(g, l));
            l.socket = ch;
            if (l.problem != null) {
                counters.count("rejoins");
                LOG.log(System.Logger.Level.INFO, "group " + g.channel.group() + ": re-joined " + l.address + " on "
                        + nif.getName() + " (was: " + l.problem + ")");
            } else {
                LOG.log(System.Logger.Level.INFO, "group " + g.channel.group() + ": joined " + l.address + " on "
                        + nif.getName() + (e.ready() ? ", sending from " + e.local : ""));
            }
            l.problem = null;
        } catch (IOException | RuntimeException ex) {
            Endpoints.closeQuietly(ch);
            if (l.problem == null) {
                counters.count("errors.join");
                LOG.log(System.Logger.Level.WARNING, "group " + g.channel.group() + ": cannot join " + l.address + ": "
                        + ex.getMessage() + "; retrying every " + settings.retryIntervalMillis() + " ms");
            }
            l.problem = String.valueOf(ex.getMessage());
        }
    }

    /** Loop thread: every socket of the group goes through the same filter and handler. */
    private void read(JoinedGroup g, JoinedGroup.Listener l) {
        String failure = receive.drain(l.socket, g.filter);
        if (failure != null) {
            l.problem = "receive failed: " + failure;
            closeSocket(l);
        }
    }

    private void closeSockets(JoinedGroup g) {
        g.listeners.forEach(GroupSockets::closeSocket);
    }

    private static void closeSocket(JoinedGroup.Listener l) {
        if (l.membership != null && l.membership.isValid()) {
            l.membership.drop();
        }
        l.membership = null;
        Endpoints.closeQuietly(l.socket);
        l.socket = null;
    }

    /** Loop thread: the retry timer; takes groups off a downed interface and re-joins them when it is back. */
    void tick() {
        try {
            for (JoinedGroup g : groups.values()) {
                if (!g.open) {
                    continue;
                }
                NetworkInterface nif = chooser.choose(g.v6);
                boolean up = chooser.isUp(nif);
                for (JoinedGroup.Listener l : g.listeners) {
                    boolean healthy = l.healthy();
                    if (healthy && !up) {
                        l.problem = "interface " + chooser.nameOf(nif) + " went down";
                        counters.count("interface.down");
                        LOG.log(System.Logger.Level.WARNING, "group " + g.channel.group() + ": " + l.problem
                                + "; re-joining " + l.address + " when it is back");
                        closeSocket(l);
                    } else if (!healthy && up) {
                        closeSocket(l);
                        join(g, l);
                    }
                }
                Endpoints.Endpoint e = endpoints.get(g.v6, g.control.getPort());
                if (!e.ready() && up) {
                    endpoints.open(e);
                }
            }
        } catch (IOException | RuntimeException e) {
            counters.count("errors.tick");
            LOG.log(System.Logger.Level.WARNING, "retry timer: " + e);
        } finally {
            if (!stopped) {
                loop.schedule(settings.retryIntervalMillis(), this::tick);
            }
        }
    }

    /** Stops the retry timer and has the loop close every group socket. */
    void stop() {
        stopped = true;
        loop.execute(() -> groups.values().forEach(this::closeSockets));
    }
}
