package org.miked.dispatcher.real.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.dispatch.HostPort;
import org.miked.api.dispatch.TrafficStats;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.SenderEntry;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.api.sa.SaSink;
import org.miked.api.sa.SaSinkFactory;
import org.miked.auth.sig.internal.SigScheme;
import org.miked.bd.internal.BdProtocol;
import org.miked.gmf.core.HostGmf;
import org.miked.gmf.core.MapRegistry;
import org.miked.lkh.internal.LkhProtocol;
import org.miked.sink.memory.internal.MemorySinkFactory;
import org.miked.testkit.TestPolicies;

/**
 * One key server ({@code s01}) and its receivers, each a real GMF ({@link HostGmf} with the real BD, LKH,
 * Ed25519 and memory-sink bundles' classes) on its own {@link RealDispatcher} with real UDP sockets on
 * loopback: the server on 127.0.9.1, receiver i on 127.0.9.(10+i), the group's control address
 * 239.77.9.1 and the server's rekey channel 239.77.9.2. What the tests need to watch is tapped without
 * sleeping: every MSA a host installs ({@link KeyTracker}), every datagram a GMF vouched for, sentinels
 * that show a socket's queue was worked off ({@link Tap}), and every log line (the GMFs' log sink and the
 * {@code org.miked} JUL loggers, {@link LogCounter}).
 */
final class FloodRig implements AutoCloseable {
    static final GroupId GROUP = GroupId.of("flood");
    static final String CONTROL = "239.77.9.1";
    static final String REKEY = "239.77.9.2";
    static final String SERVER_ADDRESS = "127.0.9.1";
    static final MemberId SERVER = TestPolicies.senderId(1);
    /** Not an envelope (no magic): the GMF drops it; the tap recognises it first. */
    static final byte[] SENTINEL = "flood-rig sentinel".getBytes(StandardCharsets.ISO_8859_1);
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(33_000 + (int) (ProcessHandle.current().pid() % 4000));

    /** A host: its address, dispatcher, GMF and tap. */
    record Node(MemberId id, String address, RealDispatcher dispatcher, HostGmf gmf, Tap tap) {
    }

    final int port = NEXT_PORT.getAndIncrement();
    final TestPolicies policies;
    final KeyTracker keys = new KeyTracker();
    final LogCounter log = new LogCounter();
    final Node server;
    final Map<MemberId, Node> receivers = new LinkedHashMap<>();
    private final MapRegistry registry;

    /**
     * Starts the key server.
     *
     * @param maxReceivers receivers r00001..rN that may join (all get keys now, so the server knows them)
     * @param seed the members' Ed25519 keys
     * @param params policy parameters ({@code lkh.*}) of every member
     */
    FloodRig(int maxReceivers, long seed, Map<String, String> params) {
        policies = new TestPolicies(GROUP.name(), 1, seed).batchMillis(50);
        params.forEach(policies::param);
        for (int i = 1; i <= maxReceivers; i++) {
            policies.key(TestPolicies.receiverId(i));
        }
        registry = newRegistry();
        server = node(SERVER, SERVER_ADDRESS, registry);
        server.gmf.join(onLoopback(policies.sender(SERVER)));
    }

    /**
     * Starts receiver i (served by s01) and joins it: it registers with the server.
     *
     * @param i 1..maxReceivers
     * @return the receiver
     */
    Node addReceiver(int i) {
        return addReceiver(i, registry);
    }

    /**
     * Starts receiver i with a registry of its own (a test takes its sink or protocol away, as stopping their
     * bundles does) and joins it.
     *
     * @param i 1..maxReceivers
     * @param own what this receiver has deployed ({@link #newRegistry()})
     * @return the receiver
     */
    Node addReceiver(int i, MapRegistry own) {
        MemberId r = TestPolicies.receiverId(i);
        Node n = node(r, "127.0.9." + (10 + i), own);
        receivers.put(r, n);
        n.gmf.join(onLoopback(policies.receiver(r, SERVER, false)));
        return n;
    }

    /** @return a registry with what every host here uses: Ed25519, BD, LKH and the tracked memory sink */
    MapRegistry newRegistry() {
        return new MapRegistry().add(new SigScheme()).add(new BdProtocol()).add(new LkhProtocol()).add(keys);
    }

    private Node node(MemberId id, String address, MapRegistry registry) {
        RealDispatcher d = new RealDispatcher(Settings.defaults().withInterface("lo", address, "").withHops(0),
                NetworkView.SYSTEM);
        Tap tap = new Tap();
        Dispatcher tapped = new Dispatcher() {
            @Override
            public String name() {
                return d.name();
            }

            @Override
            public HostPort attach(MemberId host, DatagramHandler handler) {
                tap.gmf = handler;
                return d.attach(host, tap);
            }

            @Override
            public TrafficStats stats() {
                return d.stats();
            }
        };
        return new Node(id, address, d, new HostGmf(tapped, id, registry, log), tap);
    }

    /** The test policy on IPv4 loopback: our control and rekey addresses and port, s01 at 127.0.9.1. */
    private GroupPolicy onLoopback(GroupPolicy p) {
        return new GroupPolicy(p.group(), p.role(), "239.77.9.100", 0, CONTROL, port, List.of(REKEY),
                List.of(new SenderEntry(SERVER, SERVER_ADDRESS)), p.keyServer(), p.agreement(), p.distribution(),
                p.auth(), p.rekeyAuth(), p.saSink(), p.params(), p.suite(), p.softLifetimeS(), p.hardLifetimeS(),
                p.rekeyBatchMillis(), p.agreementIntervalS(), p.emcon(), p.excluded(), p.credentials());
    }

    /**
     * Waits until every receiver installed the MSAs of the server's current epoch.
     *
     * @param timeoutMs at most this long
     * @return that epoch
     * @throws AssertionError if they did not in time
     */
    long awaitAllKeyed(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        long e = 0;
        // the server's own MSAs come first; its epoch may move on (a batch of joins) while receivers catch up
        while (keys.await(Set.of(SERVER), 1, deadline)) {
            e = server.gmf.epoch(GROUP);
            if (!keys.await(receivers.keySet(), e, deadline)) {
                break;
            }
            if (server.gmf.epoch(GROUP) == e) {
                return e;
            }
        }
        throw new AssertionError("receivers not keyed at the server's epoch " + e + " within " + timeoutMs + " ms: "
                + keys.epochs() + "; server counters " + server.dispatcher.counters());
    }

    /**
     * Has the server rekey (a new epoch key to every receiver over the rekey channel) and times it.
     *
     * @param timeoutMs at most this long
     * @return nanoseconds from the call until the last receiver installed the new epoch's MSAs
     */
    long rekey(long timeoutMs) throws InterruptedException {
        long t0 = System.nanoTime();
        if (!server.gmf.rekey(GROUP)) {
            throw new AssertionError("the server cannot rekey: " + server.gmf.status(GROUP));
        }
        long e = server.gmf.epoch(GROUP);
        if (!keys.await(receivers.keySet(), e, System.currentTimeMillis() + timeoutMs)) {
            throw new AssertionError("rekey to epoch " + e + " did not reach every receiver within " + timeoutMs
                    + " ms: " + keys.epochs());
        }
        return System.nanoTime() - t0;
    }

    /**
     * Waits until every socket the flood reached has been worked off: a sentinel, sent after the flood, must
     * come out of the server's unicast endpoint and of each receiver's rekey socket (re-sent while a full
     * socket buffer drops it).
     *
     * @param from a socket to send the sentinels from (multicast on lo)
     */
    void drain(DatagramChannel from, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        List<Node> all = new ArrayList<>(receivers.values());
        all.add(server);
        for (Node n : all) {
            InetSocketAddress to = n == server ? new InetSocketAddress(SERVER_ADDRESS, port)
                    : new InetSocketAddress(REKEY, port);
            while (!n.tap.sentinels.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError(n.id + " did not work off its socket within " + timeoutMs + " ms");
                }
                from.send(ByteBuffer.wrap(SENTINEL), to);
            }
            n.tap.sentinels.drainPermits();
        }
    }

    /** @return a socket on a loopback address of its own that sends multicast on lo and keeps it on this host */
    static DatagramChannel loopbackSender(String address) throws Exception {
        DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(address, 0));
        c.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName("lo"));
        c.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 0);
        return c;
    }

    /** @return a socket joined to the rekey channel on lo: sees every datagram the receivers are sent */
    DatagramChannel rekeyWitness() throws Exception {
        return witness(REKEY);
    }

    /** @return a socket joined to the control address on lo: sees what senders multicast to each other */
    DatagramChannel controlWitness() throws Exception {
        return witness(CONTROL);
    }

    private DatagramChannel witness(String group) throws Exception {
        InetAddress a = InetAddress.getByName(group);
        DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.SO_REUSEADDR, true).bind(new InetSocketAddress(a, port));
        c.join(a, NetworkInterface.getByName("lo"));
        return c;
    }

    @Override
    public void close() {
        for (Node n : receivers.values()) {
            n.gmf.close();
            n.dispatcher.stop();
        }
        server.gmf.close();
        server.dispatcher.stop();
        log.close();
    }

    /** The GMF's handler behind the dispatcher: counts what it vouched for and catches sentinels. */
    static final class Tap implements DatagramHandler {
        volatile DatagramHandler gmf;
        final Semaphore sentinels = new Semaphore(0);
        final LongAdder authenticated = new LongAdder();

        @Override
        public void onDatagram(MemberId from, byte[] payload) {
            deliver(from, payload);
        }

        @Override
        public boolean deliver(MemberId from, byte[] payload) {
            if (Arrays.equals(payload, SENTINEL)) {
                sentinels.release();
                return false;
            }
            boolean ok = gmf.deliver(from, payload);
            if (ok) {
                authenticated.increment();
            }
            return ok;
        }
    }

    /**
     * The SA sink every host uses: the memory sink, telling which epoch each host installed MSAs of, so tests
     * wait for keys without polling.
     */
    static final class KeyTracker implements SaSinkFactory {
        private final MemorySinkFactory inner = new MemorySinkFactory();
        private final Map<MemberId, Long> epochs = new HashMap<>();
        private final Map<MemberId, Set<SaId>> live = new HashMap<>();

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public SaSink open(HostRuntime host, SaEventListener listener) throws SaException {
            SaSink s = inner.open(host, listener);
            MemberId who = host.self();
            return new SaSink() {
                @Override
                public Set<SaCapability> capabilities() {
                    return s.capabilities();
                }

                @Override
                public void install(Msa msa) throws SaException {
                    s.install(msa);
                    installed(who, msa);
                }

                @Override
                public void delete(SaId id) throws SaException {
                    s.delete(id);
                    deleted(who, id);
                }

                @Override
                public List<Msa> list() {
                    return s.list();
                }

                @Override
                public void close() {
                    s.close();
                }
            };
        }

        private synchronized void installed(MemberId who, Msa msa) {
            epochs.merge(who, msa.epoch(), Math::max);
            live.computeIfAbsent(who, k -> new java.util.HashSet<>()).add(msa.id());
            notifyAll();
        }

        private synchronized void deleted(MemberId who, SaId id) {
            Set<SaId> l = live.get(who);
            if (l != null) {
                l.remove(id);
            }
        }

        /** @return the SAs the member installed and has not deleted */
        synchronized Set<SaId> live(MemberId who) {
            return Set.copyOf(live.getOrDefault(who, Set.of()));
        }

        /** @return true once every member installed MSAs of this epoch or a later one; false at the deadline */
        synchronized boolean await(Collection<MemberId> members, long epoch, long deadlineMillis)
                throws InterruptedException {
            while (!members.stream().allMatch(m -> epochs.getOrDefault(m, 0L) >= epoch)) {
                long left = deadlineMillis - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        }

        synchronized Map<MemberId, Long> epochs() {
            return new java.util.TreeMap<>(epochs);
        }
    }

    /**
     * Counts log lines without keeping them (a flood must not fill the test's heap): the GMFs' log sink and
     * the records the {@code org.miked} JUL loggers publish (the dispatcher's; INFO and above, as the daemon).
     */
    static final class LogCounter extends Handler implements Consumer<String> {
        final LongAdder gmf = new LongAdder();
        final LongAdder jul = new LongAdder();
        private final List<String> samples = new ArrayList<>();
        private final Logger root = Logger.getLogger("org.miked");

        LogCounter() {
            setLevel(Level.INFO);
            root.addHandler(this);
        }

        @Override
        public void accept(String line) {
            gmf.increment();
            synchronized (samples) {
                if (samples.size() < 8) {
                    samples.add(line);
                }
            }
        }

        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                jul.increment();
            }
        }

        /** Forgets the samples: the next lines are kept. */
        void resetSamples() {
            synchronized (samples) {
                samples.clear();
            }
        }

        /** @return the first few GMF lines since the last reset (what a flood makes the GMF log) */
        List<String> samples() {
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            root.removeHandler(this);
        }
    }
}
