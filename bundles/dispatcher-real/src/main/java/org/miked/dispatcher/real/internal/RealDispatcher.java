package org.miked.dispatcher.real.internal;

import org.miked.common.net.AddressFilter;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.dispatch.TrafficStats;
import org.miked.api.policy.SenderEntry;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.runtime.RandomSource;
import org.miked.api.runtime.Scheduler;
import org.miked.common.crypto.Randoms;
import org.miked.common.wire.DecodeException;
import org.miked.dispatcher.real.core.PeerTable;
import org.miked.dispatcher.real.wire.EnvelopePeek;

/**
 * The real-world dispatcher: one host's key-management datagrams over UDP/IPv4 and UDP/IPv6.
 *
 * <pre>
 *   GMF thread(s)           event loop thread (selector + timers + inbox)
 *   send() --check EMCON, route, queue limit--> inbox --> Endpoint.channel.send
 *   openGroup() --validate, record policy-----> inbox --> bind mcast socket, join on interface
 *                                               Endpoint / group socket readable:
 *                                                 own copy? address filter? (no parsing yet)
 *                                                 peek group+sender: member filter, learn address
 *                                                 handler.onDatagram(sender, payload)
 *                                               retry timer: interface down -> leave; up -> re-join
 * </pre>
 *
 * Per (IP version, control port) one {@link Endpoint}: a socket bound to the configured local address
 * that sends everything (multicast with the configured hop limit) and receives unicast. Per group one
 * socket bound to the group's control multicast address and port, joined on the configured interface: it
 * receives only that group's multicast, so the group's filter applies before any byte is parsed.
 *
 * <p>Serves exactly one host at a time ({@link #attach} twice fails); the daemon has one instance.
 */
final class RealDispatcher implements Dispatcher {
    static final String NAME = "real";
    private static final System.Logger LOG = System.getLogger("org.miked.dispatcher.real");
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6ISH = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%A-Za-z0-9]*");
    private static final int MAX_DATAGRAM = 65_535;

    private final Settings settings;
    private final NetworkView net;
    private final EventLoop loop;
    private final PeerTable peers;
    private final Map<GroupId, GroupState> groups = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sentBytes = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deliveredBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong emcon = new AtomicLong();
    // loop thread only
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private final ByteBuffer rx = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final byte[] rxBytes = new byte[MAX_DATAGRAM];
    private volatile Port port;
    private volatile boolean closed;

    /** A group this host opened: its policy (read by any thread) and its multicast socket (loop only). */
    private static final class GroupState {
        final GroupChannel policy;
        final AddressFilter filter;
        final InetSocketAddress control;
        DatagramChannel channel;
        MembershipKey membership;
        String problem;
        boolean open;

        GroupState(GroupChannel policy, AddressFilter filter, InetSocketAddress control) {
            this.policy = policy;
            this.filter = filter;
            this.control = control;
        }
    }

    /** The socket of one IP version and port; loop thread only. */
    private final class Endpoint implements EventLoop.Readable {
        final boolean v6;
        final int port;
        DatagramChannel channel;
        InetSocketAddress local;
        AddressFilter filter = AddressFilter.NONE;
        String problem;

        Endpoint(boolean v6, int port) {
            this.v6 = v6;
            this.port = port;
        }

        boolean ready() {
            return channel != null && channel.isOpen();
        }

        @Override
        public void onReadable(SelectionKey key) {
            drain(channel, this, null, filter);
        }
    }

    /** Readable handler of a group's multicast socket. */
    private final class GroupReader implements EventLoop.Readable {
        final GroupState group;

        GroupReader(GroupState group) {
            this.group = group;
        }

        @Override
        public void onReadable(SelectionKey key) {
            drain(group.channel, null, group, group.filter);
        }
    }

    RealDispatcher(Settings settings, NetworkView net) {
        this.settings = settings;
        this.net = net;
        this.peers = new PeerTable(settings.maxLearnedPeers());
        this.loop = new EventLoop("miked-dispatcher-real", e -> count("errors.loop"));
        loop.schedule(settings.retryIntervalMillis(), this::tick);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized HostPort attach(MemberId host, DatagramHandler handler) {
        if (closed) {
            throw new IllegalStateException("the real dispatcher is stopped");
        }
        if (port != null) {
            throw new IllegalStateException("the real dispatcher serves exactly one host and has "
                    + port.self + "; cannot attach " + host);
        }
        port = new Port(host, handler);
        LOG.log(System.Logger.Level.INFO, "host " + host + " attached (" + describe() + ")");
        return port;
    }

    @Override
    public TrafficStats stats() {
        Port p = port;
        Map<MemberId, TrafficStats.HostTraffic> per = p == null ? Map.of()
                : Map.of(p.self, new TrafficStats.HostTraffic(sent.get(), sentBytes.get(), delivered.get(),
                        deliveredBytes.get()));
        return new TrafficStats(sent.get(), sentBytes.get(), delivered.get(), dropped.get(), emcon.get(), per);
    }

    /** @return detailed counters (refusals, filter drops, send errors, re-joins, loop failures) */
    Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        out.put("loop.failures", loop.failures());
        out.put("peers.learned", (long) peers.learnedCount());
        return out;
    }

    /** @return the event loop's scheduler (tests use it to wait for the loop) */
    Scheduler scheduler() {
        return loop;
    }

    /** Detaches the host and stops the event loop. */
    void stop() {
        System.out.println("miked: real dispatcher stopping: " + stats().messagesSent() + " datagrams sent, "
                + stats().deliveries() + " delivered, counters " + counters());
        Port p = port;
        if (p != null) {
            p.close();
        }
        closed = true;
        loop.execute(this::closeAllSockets);
        loop.stop();
    }

    private String describe() {
        return "interface " + (settings.interfaceName().isEmpty() ? "(auto)" : settings.interfaceName()) + ", family "
                + settings.family() + ", hops " + settings.multicastHops();
    }

    private void count(String what) {
        counters.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    // ---------------------------------------------------------------- sending (any thread)

    private boolean send(Port p, Destination to, byte[] payload) {
        if (closed || p != port) {
            count("refused.detached");
            return false;
        }
        GroupState g = groups.get(to.group());
        if (g == null) {
            count("refused.group-not-open");
            return false;
        }
        if (g.policy.emcon()) {
            emcon.incrementAndGet();
            count("refused.emcon");
            LOG.log(System.Logger.Level.WARNING, "refused to send for group " + to.group()
                    + ": this host is in EMCON for it");
            return false;
        }
        InetSocketAddress dest;
        if (to instanceof Destination.Unicast u) {
            dest = peers.lookup(to.group(), u.to());
            if (dest == null) {
                count("refused.no-route");
                return false;
            }
        } else {
            dest = g.control;
        }
        if (payload.length > MAX_DATAGRAM - 48) {
            count("refused.too-large");
            return false;
        }
        if (queued.incrementAndGet() > settings.sendQueueLimit()) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            count("refused.queue-full");
            return false;
        }
        byte[] copy = payload.clone();
        int ctlPort = g.policy.controlPort();
        loop.execute(() -> {
            queued.decrementAndGet();
            transmit(dest, ctlPort, copy);
        });
        return true;
    }

    /** Loop thread: hands a datagram to the kernel through the endpoint of its IP version. */
    private void transmit(InetSocketAddress dest, int ctlPort, byte[] payload) {
        Endpoint e = endpoint(dest.getAddress() instanceof Inet6Address, ctlPort);
        if (!e.ready()) {
            dropped.incrementAndGet();
            count("errors.send-no-socket");
            return;
        }
        try {
            e.channel.send(ByteBuffer.wrap(payload), dest);
            sent.incrementAndGet();
            sentBytes.addAndGet(payload.length);
        } catch (IOException ex) {
            dropped.incrementAndGet();
            count("errors.send");
            LOG.log(System.Logger.Level.WARNING, "send to " + dest + " failed: " + ex + "; socket re-opened at the "
                    + "next retry");
            closeEndpoint(e, "send failed: " + ex.getMessage());
        }
    }

    // ---------------------------------------------------------------- groups

    private void openGroup(GroupChannel policy) {
        InetAddress ctl = literal(policy.controlAddress(), "controlAddress", policy.group());
        if (!ctl.isMulticastAddress()) {
            throw new IllegalArgumentException("group " + policy.group() + ": controlAddress " + policy.controlAddress()
                    + " is not a multicast address");
        }
        boolean v6 = ctl instanceof Inet6Address;
        if (settings.family().equals(v6 ? "ipv4" : "ipv6")) {
            throw new IllegalArgumentException("group " + policy.group() + ": controlAddress " + policy.controlAddress()
                    + " is IPv" + (v6 ? 6 : 4) + " but the dispatcher is configured for " + settings.family() + " only");
        }
        if (policy.controlPort() < 1 || policy.controlPort() > 65535) {
            throw new IllegalArgumentException("group " + policy.group() + ": controlPort " + policy.controlPort()
                    + " is not a UDP port");
        }
        GroupState g = new GroupState(policy, AddressFilter.of(policy.excluded()),
                new InetSocketAddress(ctl, policy.controlPort()));
        GroupState old = groups.put(policy.group(), g);
        peers.forget(policy.group());
        for (SenderEntry s : policy.senders()) {
            try {
                peers.pin(policy.group(), s.id(), new InetSocketAddress(literal(s.address(), "senders", policy.group()),
                        policy.controlPort()));
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, e.getMessage() + ": unicast to " + s.id() + " is learned instead");
            }
        }
        loop.execute(() -> {
            if (old != null) {
                closeGroupSocket(old);
            }
            if (groups.get(policy.group()) == g) {
                g.open = true;
                endpoint(g.control.getAddress() instanceof Inet6Address, g.control.getPort());
                refreshEndpointFilters(); // before the group socket exists: no datagram of it passes unfiltered
                joinGroup(g);
            }
        });
    }

    private void closeGroup(GroupId group) {
        GroupState g = groups.remove(group);
        peers.forget(group);
        if (g != null) {
            loop.execute(() -> {
                g.open = false;
                closeGroupSocket(g);
                refreshEndpointFilters();
            });
        }
    }

    /** Loop thread: binds the group's multicast socket and joins on the interface; on failure retries later. */
    private void joinGroup(GroupState g) {
        boolean v6 = g.control.getAddress() instanceof Inet6Address;
        Endpoint e = endpoint(v6, g.control.getPort());
        DatagramChannel ch = null;
        try {
            NetworkInterface nif = chooseInterface(v6);
            if (nif == null || !net.isUp(nif)) {
                throw new IOException("interface " + (nif == null ? settings.interfaceName() : nif.getName())
                        + " is " + (nif == null ? "absent" : "down"));
            }
            ch = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(g.control);
            g.membership = ch.join(g.control.getAddress(), nif);
            ch.configureBlocking(false);
            ch.register(loop.selector(), SelectionKey.OP_READ, new GroupReader(g));
            g.channel = ch;
            if (g.problem != null) {
                count("rejoins");
                LOG.log(System.Logger.Level.INFO, "group " + g.policy.group() + ": re-joined " + g.control + " on "
                        + nif.getName() + " (was: " + g.problem + ")");
            } else {
                LOG.log(System.Logger.Level.INFO, "group " + g.policy.group() + ": joined " + g.control + " on "
                        + nif.getName() + (e.ready() ? ", sending from " + e.local : ""));
            }
            g.problem = null;
        } catch (IOException | RuntimeException ex) {
            closeQuietly(ch);
            if (g.problem == null) {
                count("errors.join");
                LOG.log(System.Logger.Level.WARNING, "group " + g.policy.group() + ": cannot join " + g.control + ": "
                        + ex.getMessage() + "; retrying every " + settings.retryIntervalMillis() + " ms");
            }
            g.problem = String.valueOf(ex.getMessage());
        }
    }

    private void closeGroupSocket(GroupState g) {
        if (g.membership != null && g.membership.isValid()) {
            g.membership.drop();
        }
        g.membership = null;
        closeQuietly(g.channel);
        g.channel = null;
    }

    /** Loop thread: the endpoints' filters are the union of the filters of the groups on their port. */
    private void refreshEndpointFilters() {
        for (Endpoint e : endpoints.values()) {
            AddressFilter f = AddressFilter.NONE;
            for (GroupState g : groups.values()) {
                if (g.policy.controlPort() == e.port) {
                    f = f.union(g.filter);
                }
            }
            e.filter = f;
        }
    }

    /** Loop thread: the retry timer; takes groups off a downed interface and re-joins them when it is back. */
    private void tick() {
        try {
            for (GroupState g : groups.values()) {
                if (!g.open) {
                    continue;
                }
                boolean v6 = g.control.getAddress() instanceof Inet6Address;
                NetworkInterface nif = chooseInterface(v6);
                boolean up = nif != null && net.isUp(nif);
                boolean healthy = g.channel != null && g.channel.isOpen() && g.membership != null
                        && g.membership.isValid();
                if (healthy && !up) {
                    g.problem = "interface " + (nif == null ? settings.interfaceName() : nif.getName()) + " went down";
                    count("interface.down");
                    LOG.log(System.Logger.Level.WARNING, "group " + g.policy.group() + ": " + g.problem
                            + "; re-joining when it is back");
                    closeGroupSocket(g);
                } else if (!healthy && up) {
                    closeGroupSocket(g);
                    joinGroup(g);
                }
                Endpoint e = endpoint(v6, g.control.getPort());
                if (!e.ready() && up) {
                    openEndpoint(e);
                }
            }
        } catch (IOException | RuntimeException e) {
            count("errors.tick");
            LOG.log(System.Logger.Level.WARNING, "retry timer: " + e);
        } finally {
            if (!closed) {
                loop.schedule(settings.retryIntervalMillis(), this::tick);
            }
        }
    }

    // ---------------------------------------------------------------- endpoints (loop thread)

    private Endpoint endpoint(boolean v6, int ctlPort) {
        Endpoint e = endpoints.computeIfAbsent((v6 ? "6/" : "4/") + ctlPort, k -> new Endpoint(v6, ctlPort));
        if (!e.ready() && e.problem == null) {
            openEndpoint(e);
        }
        return e;
    }

    private void openEndpoint(Endpoint e) {
        DatagramChannel ch = null;
        try {
            NetworkInterface nif = chooseInterface(e.v6);
            InetAddress bind = bindAddress(e.v6, nif);
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
            ch.register(loop.selector(), SelectionKey.OP_READ, e);
            e.channel = ch;
            e.local = (InetSocketAddress) ch.getLocalAddress();
            if (e.problem != null) {
                count("reopens");
                LOG.log(System.Logger.Level.INFO, "socket " + e.local + " re-opened (was: " + e.problem + ")");
            }
            e.problem = null;
        } catch (IOException | RuntimeException ex) {
            closeQuietly(ch);
            if (e.problem == null) {
                count("errors.bind");
                LOG.log(System.Logger.Level.WARNING, "cannot open the IPv" + (e.v6 ? 6 : 4) + " socket on port " + e.port
                        + ": " + ex.getMessage() + "; retrying every " + settings.retryIntervalMillis() + " ms");
            }
            e.problem = String.valueOf(ex.getMessage());
        }
    }

    private void closeEndpoint(Endpoint e, String why) {
        closeQuietly(e.channel);
        e.channel = null;
        e.problem = why;
    }

    private void closeAllSockets() {
        groups.values().forEach(this::closeGroupSocket);
        endpoints.values().forEach(e -> closeQuietly(e.channel));
        endpoints.clear();
    }

    private NetworkInterface chooseInterface(boolean v6) throws IOException {
        if (!settings.interfaceName().isEmpty()) {
            return net.byName(settings.interfaceName());
        }
        NetworkInterface lo = null;
        for (NetworkInterface n : net.all()) {
            if (!net.isUp(n)) {
                continue;
            }
            if (n.isLoopback()) {
                lo = n;
            } else if (n.supportsMulticast() && n.inetAddresses().anyMatch(a -> (a instanceof Inet6Address) == v6)) {
                return n;
            }
        }
        return lo;
    }

    private InetAddress bindAddress(boolean v6, NetworkInterface nif) throws IOException {
        String conf = v6 ? settings.bindAddress6() : settings.bindAddress4();
        if (!conf.isEmpty()) {
            return InetAddress.getByName(conf); // a literal: checked in the component
        }
        if (nif != null) {
            InetAddress linkLocal = null;
            for (InetAddress a : nif.inetAddresses().toList()) {
                if ((a instanceof Inet6Address) != v6) {
                    continue;
                }
                if (!a.isLinkLocalAddress()) {
                    return a;
                }
                linkLocal = a;
            }
            if (linkLocal != null) {
                return linkLocal;
            }
        }
        return v6 ? InetAddress.getByName("::") : InetAddress.getByName("0.0.0.0");
    }

    // ---------------------------------------------------------------- receiving (loop thread)

    /**
     * Reads every pending datagram of a socket. Address rules are applied before any byte is parsed;
     * then the group and sender the datagram claims are peeked for member-id rules and address learning.
     */
    private void drain(DatagramChannel ch, Endpoint via, GroupState known, AddressFilter filter) {
        Port p = port;
        for (int i = 0; i < 256 && ch != null && ch.isOpen(); i++) {
            SocketAddress sa;
            rx.clear();
            try {
                sa = ch.receive(rx);
            } catch (IOException e) {
                count("errors.receive");
                if (via != null) {
                    closeEndpoint(via, "receive failed: " + e.getMessage());
                } else if (known != null) {
                    known.problem = "receive failed: " + e.getMessage();
                    closeGroupSocket(known);
                }
                return;
            }
            if (sa == null) {
                return;
            }
            InetSocketAddress src = (InetSocketAddress) sa;
            int len = rx.position();
            if (isOwn(src)) {
                count("ignored.own");
                continue;
            }
            if (filter.excludesAddress(src.getAddress())) {
                filtered(src, "address");
                continue;
            }
            rx.flip();
            rx.get(rxBytes, 0, len);
            deliver(p, src, len);
        }
    }

    private void deliver(Port p, InetSocketAddress src, int len) {
        MemberId from;
        try {
            EnvelopePeek.Claim c = EnvelopePeek.peek(rxBytes, len);
            GroupState cg = groups.get(c.group());
            if (cg != null && (cg.filter.excludesMember(c.sender().id()) || cg.filter.excludesAddress(src.getAddress()))) {
                filtered(src, "member " + c.sender());
                return;
            }
            if (cg != null && peers.learn(c.group(), c.sender(), src)) {
                count("peers.updates");
            }
            from = c.sender();
        } catch (DecodeException e) {
            count("unparsed");
            from = memberOf(src.getAddress());
        }
        if (p == null || p.closed) {
            count("ignored.detached");
            return;
        }
        delivered.incrementAndGet();
        deliveredBytes.addAndGet(len);
        byte[] payload = Arrays.copyOf(rxBytes, len);
        try {
            p.handler.onDatagram(from, payload);
        } catch (RuntimeException e) {
            // the GMF's bug must not stop the loop or lose the other datagrams of this batch
            count("errors.handler");
            LOG.log(System.Logger.Level.WARNING, "datagram handler of " + p.self + " threw: " + e, e);
        }
    }

    private void filtered(InetSocketAddress src, String rule) {
        dropped.incrementAndGet();
        count("filtered");
        LOG.log(System.Logger.Level.DEBUG, "dropped datagram from " + src + ": excluded (" + rule + ")");
    }

    private boolean isOwn(InetSocketAddress src) {
        for (Endpoint e : endpoints.values()) {
            if (e.local != null && e.local.getPort() == src.getPort()
                    && Arrays.equals(e.local.getAddress().getAddress(), src.getAddress().getAddress())) {
                return true;
            }
        }
        return false;
    }

    private static MemberId memberOf(InetAddress a) {
        String s = a.getHostAddress();
        int pct = s.indexOf('%');
        return MemberId.of(pct < 0 ? s : s.substring(0, pct));
    }

    private static InetAddress literal(String s, String field, GroupId group) {
        String t = s == null ? "" : s.trim();
        if (V4.matcher(t).matches() || V6ISH.matcher(t).matches()) {
            try {
                // only a literal gets here: no name lookup happens
                return InetAddress.getByName(t);
            } catch (IOException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("group " + group + ": " + field + " '" + s
                + "' is not an IPv4 or IPv6 address literal");
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "close: " + e);
            }
        }
    }

    // ---------------------------------------------------------------- the host's port

    /** The attached host's port and runtime. */
    private final class Port implements HostPort, HostRuntime {
        final MemberId self;
        final DatagramHandler handler;
        final RandomSource random = Randoms.secure();
        volatile boolean closed;

        Port(MemberId self, DatagramHandler handler) {
            this.self = self;
            this.handler = handler;
        }

        @Override
        public HostRuntime runtime() {
            return this;
        }

        @Override
        public boolean send(Destination to, byte[] payload) {
            return RealDispatcher.this.send(this, to, payload);
        }

        @Override
        public void openGroup(GroupChannel policy) {
            if (closed) {
                throw new IllegalStateException("host " + self + " is detached");
            }
            RealDispatcher.this.openGroup(policy);
        }

        @Override
        public void closeGroup(GroupId group) {
            RealDispatcher.this.closeGroup(group);
        }

        @Override
        public void close() {
            synchronized (RealDispatcher.this) {
                if (closed) {
                    return;
                }
                closed = true;
                for (GroupId g : groups.keySet()) {
                    RealDispatcher.this.closeGroup(g);
                }
                port = null;
            }
            LOG.log(System.Logger.Level.INFO, "host " + self + " detached");
        }

        @Override
        public MemberId self() {
            return self;
        }

        @Override
        public Clock clock() {
            return loop;
        }

        @Override
        public Scheduler scheduler() {
            return loop;
        }

        @Override
        public RandomSource random() {
            return random;
        }
    }
}
