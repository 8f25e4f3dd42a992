package org.miked.dispatcher.real.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.miked.common.net.AddressFilter;

/**
 * Owns the unicast endpoints: per (IP version, control port) one socket bound to the chosen local address
 * that sends every datagram (multicast with the configured hop limit) and receives unicast. Opens them on
 * first use, closes one that failed and re-opens it when asked. Event loop thread only.
 */
final class Endpoints {
    private static final System.Logger LOG = System.getLogger("org.miked.dispatcher.real");

    /** The socket of one IP version and port. */
    static final class Endpoint {
        final boolean v6;
        final int port;
        DatagramChannel socket;
        InetSocketAddress local;
        AddressFilter filter = AddressFilter.NONE;
        String problem;

        Endpoint(boolean v6, int port) {
            this.v6 = v6;
            this.port = port;
        }

        boolean ready() {
            return socket != null && socket.isOpen();
        }
    }

    private final Settings settings;
    private final EventLoop loop;
    private final InterfaceChooser chooser;
    private final DispatchCounters counters;
    private final ReceivePath receive;
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private List<InetSocketAddress> locals = List.of();

    Endpoints(Settings settings, EventLoop loop, InterfaceChooser chooser, DispatchCounters counters,
            ReceivePath receive) {
        this.settings = settings;
        this.loop = loop;
        this.chooser = chooser;
        this.counters = counters;
        this.receive = receive;
    }

    /**
     * @param v6 IP version
     * @param port control port
     * @return the endpoint, opened now unless it is open or failed before (then the retry timer re-opens it)
     */
    Endpoint get(boolean v6, int port) {
        Endpoint e = endpoints.computeIfAbsent((v6 ? "6/" : "4/") + port, k -> new Endpoint(v6, port));
        if (!e.ready() && e.problem == null) {
            open(e);
        }
        return e;
    }

    /** @param e binds its socket on the chosen interface's address; on failure records the problem */
    void open(Endpoint e) {
        DatagramChannel ch = null;
        try {
            NetworkInterface nif = chooser.choose(e.v6);
            InetAddress bind = chooser.bindAddress(e.v6, nif);
            ProtocolFamily fam = e.v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            ch = DatagramChannel.open(fam);
            // a wildcard socket shares the port with the groups' multicast sockets (and then also sees
            // their multicast: the GMF's anti-replay window drops those duplicates)
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, bind.isAnyLocalAddress());
            ch.bind(new InetSocketAddress(bind, e.port));
            if (nif != null) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            }
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, settings.multicastHops());
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, settings.loopback());
            ch.configureBlocking(false);
            ch.register(loop.selector(), SelectionKey.OP_READ, (EventLoop.Readable) k -> read(e));
            e.socket = ch;
            e.local = (InetSocketAddress) ch.getLocalAddress();
            refreshLocals();
            if (e.problem != null) {
                counters.count("reopens");
                LOG.log(System.Logger.Level.INFO, "socket " + e.local + " re-opened (was: " + e.problem + ")");
            }
            e.problem = null;
        } catch (IOException | RuntimeException ex) {
            closeQuietly(ch);
            if (e.problem == null) {
                counters.count("errors.bind");
                LOG.log(System.Logger.Level.WARNING, "cannot open the IPv" + (e.v6 ? 6 : 4) + " socket on port " + e.port
                        + ": " + ex.getMessage() + "; retrying every " + settings.retryIntervalMillis() + " ms");
            }
            e.problem = String.valueOf(ex.getMessage());
        }
    }

    private void read(Endpoint e) {
        String failure = receive.drain(e.socket, e.filter);
        if (failure != null) {
            close(e, "receive failed: " + failure);
        }
    }

    /**
     * @param e closes its socket; the retry timer re-opens it
     * @param why the problem, reported when it is re-opened
     */
    void close(Endpoint e, String why) {
        closeQuietly(e.socket);
        e.socket = null;
        e.problem = why;
    }

    /** Closes every endpoint and forgets them. */
    void closeAll() {
        endpoints.values().forEach(e -> closeQuietly(e.socket));
        endpoints.clear();
        locals = List.of();
    }

    /** @return the addresses the endpoints were bound to (our own multicast comes back from these) */
    List<InetSocketAddress> locals() {
        return locals;
    }

    private void refreshLocals() {
        List<InetSocketAddress> out = new ArrayList<>(endpoints.size());
        for (Endpoint e : endpoints.values()) {
            if (e.local != null) {
                out.add(e.local);
            }
        }
        locals = List.copyOf(out);
    }

    /** @param groups the open groups: each endpoint's filter becomes the union of those on its port */
    void refreshFilters(Collection<JoinedGroup> groups) {
        for (Endpoint e : endpoints.values()) {
            AddressFilter f = AddressFilter.NONE;
            for (JoinedGroup g : groups) {
                if (g.control.getPort() == e.port) {
                    f = f.union(g.filter);
                }
            }
            e.filter = f;
        }
    }

    /** @param ch closed if not null; a failure to close is logged at debug level */
    static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "close: " + e);
            }
        }
    }
}
