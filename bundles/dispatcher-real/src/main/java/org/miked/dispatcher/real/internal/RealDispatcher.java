package org.miked.dispatcher.real.internal;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.dispatch.TrafficStats;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.runtime.RandomSource;
import org.miked.api.runtime.Scheduler;
import org.miked.common.crypto.Randoms;
import org.miked.common.net.AddressFilter;
import org.miked.dispatcher.real.core.PeerTable;

/**
 * Attaches the one host to the real dispatcher and starts and stops it: builds the parts below, hands the
 * host its {@link HostPort} and reports the counters.
 *
 * <pre>
 *   GMF thread(s)              event loop thread (EventLoop: selector + timers + inbox)
 *   Port.send ------> SendPath: SendRule, queue limit --> inbox --> Endpoints: socket.send
 *   Port.openGroup -> GroupSockets: ChannelAddresses,
 *                     pin senders ----------------------> inbox --> bind a socket per listen address of the
 *                                                                   group, join each on the interface
 *                                                          Endpoints / group socket readable:
 *                                                            ReceivePath: ReceiveRule.screen (own? address?)
 *                                                                         ReceiveRule.admit (member?)
 *                                                                         handler.deliver(sender, payload):
 *                                                                           authenticated? learn the source
 *                                                          GroupSockets.tick, each socket: interface down -> leave;
 *                                                                             up or failed -> re-join
 *   InterfaceChooser: which interface joins, which address endpoints bind (asked at every open and tick)
 * </pre>
 *
 * <p>Serves exactly one host at a time ({@link #attach} twice fails); the daemon has one instance.
 */
final class RealDispatcher implements Dispatcher {
    static final String NAME = "real";
    private static final System.Logger LOG = System.getLogger("org.miked.dispatcher.real");

    private final Settings settings;
    private final DispatchCounters counters = new DispatchCounters();
    private final EventLoop loop;
    private final PeerTable peers;
    private final Endpoints endpoints;
    private final GroupSockets groups;
    private final SendPath sender;
    private volatile Port port;
    private volatile boolean closed;

    RealDispatcher(Settings settings, NetworkView net) {
        this(settings, net, System::currentTimeMillis);
    }

    /**
     * @param settings the configuration
     * @param net the view of the host's interfaces
     * @param wallClock the wall clock the host's {@link Clock} follows, made non-decreasing
     */
    RealDispatcher(Settings settings, NetworkView net, LongSupplier wallClock) {
        this.settings = settings;
        this.peers = new PeerTable(settings.maxLearnedPeers());
        this.loop = new EventLoop("miked-dispatcher-real", e -> counters.count("errors.loop"), wallClock);
        InterfaceChooser chooser = new InterfaceChooser(settings, net);
        ReceivePath receive = new ReceivePath(counters, peers, this::locals, this::filterOf, () -> port);
        this.endpoints = new Endpoints(settings, loop, chooser, counters, receive);
        this.groups = new GroupSockets(settings, loop, chooser, endpoints, peers, counters, receive);
        this.sender = new SendPath(settings, loop, groups, endpoints, peers, receive, counters);
        loop.schedule(settings.retryIntervalMillis(), groups::tick);
    }

    private List<InetSocketAddress> locals() {
        return endpoints.locals();
    }

    private AddressFilter filterOf(GroupId group) {
        return groups.filterOf(group);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Where hosts keep state across restarts; empty: none. */
    private volatile String stateDirectory = "";

    /** @param dir the directory of the hosts' state (one subdirectory per host id), or empty for none */
    void stateDirectory(String dir) {
        stateDirectory = dir == null ? "" : dir.trim();
    }

    /** @return the host's store: files under the state directory, or none (logged once) */
    private org.miked.api.runtime.StateStore openStore(MemberId host) {
        if (stateDirectory.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no stateDirectory configured: host " + host
                    + " keeps no state across restarts (evictions are forgotten, a restarted receiver cannot refuse"
                    + " old epochs)");
            return org.miked.api.runtime.StateStore.NONE;
        }
        try {
            org.miked.common.state.FileStateStore s = org.miked.common.state.FileStateStore.open(
                    java.nio.file.Path.of(stateDirectory, host.id()));
            LOG.log(System.Logger.Level.INFO, "host " + host + " keeps its state in " + s.directory());
            return s;
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "host " + host + " keeps no state across restarts: " + e.getMessage());
            return org.miked.api.runtime.StateStore.NONE;
        }
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
        return counters.stats(p == null ? null : p.self);
    }

    /** @return detailed counters (refusals, filter drops, send errors, re-joins, loop failures) */
    Map<String, Long> counters() {
        Map<String, Long> out = counters.named();
        out.put("loop.failures", loop.failures());
        out.put("peers.learned", (long) peers.learnedCount());
        return out;
    }

    /**
     * @param group group
     * @param member member
     * @return where unicast to the member goes now, or null (tests)
     */
    InetSocketAddress route(GroupId group, MemberId member) {
        return peers.lookup(group, member);
    }

    /** @return the event loop's scheduler (tests use it to wait for the loop) */
    Scheduler scheduler() {
        return loop;
    }

    /** Detaches the host and stops the event loop. */
    void stop() {
        TrafficStats s = stats();
        LOG.log(System.Logger.Level.INFO, "real dispatcher stopping: " + s.messagesSent() + " datagrams sent, "
                + s.deliveries() + " delivered, counters " + counters());
        Port p = port;
        if (p != null) {
            p.close();
        }
        closed = true;
        groups.stop();
        loop.execute(endpoints::closeAll);
        loop.stop();
    }

    private String describe() {
        return "interface " + (settings.interfaceName().isEmpty() ? "(auto)" : settings.interfaceName()) + ", family "
                + settings.family() + ", hops " + settings.multicastHops();
    }

    /** The attached host's port and runtime. */
    final class Port implements HostPort, HostRuntime {
        final MemberId self;
        final DatagramHandler handler;
        final RandomSource random = Randoms.secure();
        final org.miked.api.runtime.StateStore store;
        volatile boolean closed;

        Port(MemberId self, DatagramHandler handler) {
            this.self = self;
            this.handler = handler;
            this.store = openStore(self);
        }

        @Override
        public org.miked.api.runtime.StateStore stateStore() {
            return store;
        }

        @Override
        public HostRuntime runtime() {
            return this;
        }

        @Override
        public boolean send(Destination to, byte[] payload) {
            if (RealDispatcher.this.closed || this != port) {
                counters.count("refused.detached");
                return false;
            }
            return sender.send(to, payload);
        }

        @Override
        public void openGroup(GroupChannel channel) {
            if (closed) {
                throw new IllegalStateException("host " + self + " is detached");
            }
            groups.open(channel, self);
        }

        @Override
        public void closeGroup(GroupId group) {
            groups.close(group);
        }

        @Override
        public void close() {
            synchronized (RealDispatcher.this) {
                if (closed) {
                    return;
                }
                closed = true;
                for (GroupId g : groups.ids()) {
                    groups.close(g);
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
