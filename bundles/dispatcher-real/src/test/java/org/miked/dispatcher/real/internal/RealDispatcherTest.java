package org.miked.dispatcher.real.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.policy.SenderEntry;
import org.miked.api.runtime.Clock;
import org.miked.common.wire.WireWriter;

/**
 * The real dispatcher over real sockets on this host: IPv4 multicast and unicast on loopback between two
 * dispatchers (127.0.0.1 and 127.0.0.2), IPv6 unicast on ::1, IPv6 multicast where an interface allows it.
 * Waits only for real events (a datagram arriving, a task run on the loop), with timeouts; absence is
 * shown by a later datagram on the same path arriving first.
 */
class RealDispatcherTest {
    private static final long TIMEOUT_S = 5;
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(42_000 + (int) (ProcessHandle.current().pid() % 5000));
    private final List<RealDispatcher> started = new ArrayList<>();
    private final List<DatagramChannel> peers = new ArrayList<>();

    record Got(MemberId from, byte[] payload) {
        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        started.forEach(RealDispatcher::stop);
        for (DatagramChannel c : peers) {
            c.close();
        }
    }

    private static int port() {
        return NEXT_PORT.getAndIncrement();
    }

    static byte[] envelope(String group, String sender, String body) {
        return new WireWriter().u8(0x4d).u8(0x4b).u8(2).u8(3).string8(group).string8(sender).i64(1).i64(1)
                .bytes16(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).toByteArray();
    }

    static GroupChannel policy(String group, Role role, String controlAddress, int port, String senderAddress,
            boolean emcon, List<String> excluded) {
        return new GroupChannel(GroupId.of(group), role, emcon, controlAddress, port,
                List.of(new SenderEntry(MemberId.of("s01"), senderAddress)), excluded);
    }

    private RealDispatcher dispatcher(Settings s, NetworkView view) {
        RealDispatcher d = new RealDispatcher(s, view);
        started.add(d);
        return d;
    }

    private RealDispatcher loopback4(String bind) {
        return dispatcher(Settings.defaults().withInterface("lo", bind, "").withHops(0), NetworkView.SYSTEM);
    }

    /** Attaches a host whose handler queues what it gets and vouches for all of it (as if every seal held). */
    private static BlockingQueue<Got> inbox(RealDispatcher d, String self, HostPort[] port) {
        BlockingQueue<Got> q = new LinkedBlockingQueue<>();
        port[0] = d.attach(MemberId.of(self), vouching(q::add));
        return q;
    }

    /** @return a handler that passes each datagram on and says it authenticated (the GMF's part, trusted here) */
    static DatagramHandler vouching(java.util.function.Consumer<Got> to) {
        return new DatagramHandler() {
            @Override
            public void onDatagram(MemberId from, byte[] payload) {
                to.accept(new Got(from, payload));
            }

            @Override
            public boolean deliver(MemberId from, byte[] payload) {
                onDatagram(from, payload);
                return true;
            }
        };
    }

    /** Waits until every task handed to the dispatcher's loop so far has run. */
    private static void sync(RealDispatcher d) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        d.scheduler().execute(done::countDown);
        assertThat(done.await(TIMEOUT_S, TimeUnit.SECONDS)).as("event loop answered").isTrue();
    }

    private static Got next(BlockingQueue<Got> q) throws InterruptedException {
        Got g = q.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(g).as("a datagram arrived within " + TIMEOUT_S + " s").isNotNull();
        return g;
    }

    private DatagramChannel peer(String address) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        DatagramChannel c = DatagramChannel.open(a instanceof Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET).bind(new InetSocketAddress(a, 0));
        peers.add(c);
        return c;
    }

    @Test
    void ipv4MulticastAndLearnedUnicastBetweenTwoDispatchersOnLoopback() throws Exception {
        int p = port();
        RealDispatcher a = loopback4("127.0.0.1");
        RealDispatcher b = loopback4("127.0.0.2");
        HostPort[] pa = new HostPort[1];
        HostPort[] pb = new HostPort[1];
        BlockingQueue<Got> qa = inbox(a, "s01", pa);
        BlockingQueue<Got> qb = inbox(b, "r00001", pb);
        pa[0].openGroup(policy("trial", Role.SENDER, "239.77.1.1", p, "127.0.0.1", false, List.of()));
        pb[0].openGroup(policy("trial", Role.RECEIVER, "239.77.1.1", p, "127.0.0.1", false, List.of()));
        sync(a);
        sync(b);

        // sender -> group: the receiver gets it, the sender does not get its own copy
        assertThat(pa[0].send(Destination.multicast(GroupId.of("trial"), Audience.RECEIVERS),
                envelope("trial", "s01", "rekey-1"))).isTrue();
        Got g = next(qb);
        assertThat(g.from()).isEqualTo(MemberId.of("s01"));
        assertThat(g.text()).endsWith("rekey-1");

        // receiver -> its key server by unicast, to the address the policy gives for s01
        assertThat(pb[0].send(Destination.unicast(GroupId.of("trial"), MemberId.of("s01")),
                envelope("trial", "r00001", "register"))).isTrue();
        Got reg = next(qa);
        assertThat(reg.from()).isEqualTo(MemberId.of("r00001"));
        assertThat(reg.text()).endsWith("register");
        assertThat(qa).as("the sender never received its own multicast").isEmpty();
        sync(a); // the address is learned once the delivery call has returned (it authenticated)

        // the server now knows where r00001 is: unicast back reaches 127.0.0.2 only
        assertThat(pa[0].send(Destination.unicast(GroupId.of("trial"), MemberId.of("r00001")),
                envelope("trial", "s01", "welcome"))).isTrue();
        assertThat(next(qb).text()).endsWith("welcome");
        // an unknown member has no route: refused locally
        assertThat(pa[0].send(Destination.unicast(GroupId.of("trial"), MemberId.of("r00999")), new byte[] {1})).isFalse();

        sync(a); // the sent counter moves on a's loop after the kernel took the datagram
        assertThat(a.stats().messagesSent()).isEqualTo(2);
        assertThat(b.stats().deliveries()).isEqualTo(2);
        assertThat(a.counters()).containsEntry("refused.no-route", 1L).containsEntry("peers.learned", 1L);
    }

    /** A plain socket joined to a multicast address on loopback: shows that a datagram reached the host. */
    private DatagramChannel witness(String group, int port) throws Exception {
        InetAddress a = InetAddress.getByName(group);
        DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true).bind(new InetSocketAddress(a, port));
        peers.add(c);
        c.join(a, NetworkInterface.getByName("lo"));
        c.socket().setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        return c;
    }

    /** Waits for the next datagram on a witness (the socket adaptor honours the timeout, the channel not). */
    private static String seen(DatagramChannel witness) throws Exception {
        java.net.DatagramPacket d = new java.net.DatagramPacket(new byte[2048], 2048);
        witness.socket().receive(d);
        return new String(d.getData(), 0, d.getLength(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * Per-server rekey channels on loopback: s01 (127.0.0.1) and s02 (127.0.0.2) join the control address, the
     * receiver (127.0.0.3, key server s02) only s02's rekey address. Each unwanted datagram is first seen by a
     * witness socket joined to its address, so the kernel has already queued it on every socket joined there;
     * then a wanted one is sent, and it must be the next (and, once that loop round is done, the only) one the
     * host gets.
     */
    @Test
    void perServerRekeyChannelsAReceiverHearsOnlyItsKeyServerAndSendersHearEachOther() throws Exception {
        int p = port();
        GroupId grp = GroupId.of("rekey");
        List<SenderEntry> senders = List.of(new SenderEntry(MemberId.of("s01"), "127.0.0.1"),
                new SenderEntry(MemberId.of("s02"), "127.0.0.2"));
        List<String> rekey = List.of("239.77.2.2", "239.77.2.3");
        GroupChannel sender = new GroupChannel(grp, Role.SENDER, false, "239.77.2.1", p, senders, List.of(), rekey,
                List.of());
        GroupChannel receiver = new GroupChannel(grp, Role.RECEIVER, false, "239.77.2.1", p, senders, List.of(),
                rekey, List.of(MemberId.of("s02")));
        RealDispatcher d1 = loopback4("127.0.0.1");
        RealDispatcher d2 = loopback4("127.0.0.2");
        RealDispatcher dr = loopback4("127.0.0.3");
        HostPort[] p1 = new HostPort[1];
        HostPort[] p2 = new HostPort[1];
        HostPort[] pr = new HostPort[1];
        BlockingQueue<Got> q1 = inbox(d1, "s01", p1);
        BlockingQueue<Got> q2 = inbox(d2, "s02", p2);
        BlockingQueue<Got> qr = inbox(dr, "r00001", pr);
        p1[0].openGroup(sender);
        p2[0].openGroup(sender);
        pr[0].openGroup(receiver);
        DatagramChannel control = witness("239.77.2.1", p);
        DatagramChannel rekey1 = witness("239.77.2.2", p);
        DatagramChannel rekey2 = witness("239.77.2.3", p);
        sync(d1);
        sync(d2);
        sync(dr);

        // s01's rekey goes to s01's rekey address: neither s02 nor s02's receiver joined it
        assertThat(p1[0].send(Destination.multicast(grp, Audience.RECEIVERS), envelope("rekey", "s01", "s01-rekey")))
                .isTrue();
        assertThat(seen(rekey1)).endsWith("s01-rekey");
        // the senders' agreement goes to the control address: s02 hears it, the receiver did not join it
        assertThat(p1[0].send(Destination.multicast(grp, Audience.SENDERS), envelope("rekey", "s01", "agree")))
                .isTrue();
        assertThat(seen(control)).endsWith("agree");
        Got agree = next(q2);
        assertThat(agree.text()).as("a sender hears SENDERS, and not another server's rekey").endsWith("agree");
        // s02's rekey goes to s02's rekey address: its receiver hears it, and nothing before it
        assertThat(p2[0].send(Destination.multicast(grp, Audience.RECEIVERS), envelope("rekey", "s02", "s02-rekey")))
                .isTrue();
        assertThat(seen(rekey2)).endsWith("s02-rekey");
        Got got = next(qr);
        assertThat(got.from()).isEqualTo(MemberId.of("s02"));
        assertThat(got.text()).as("neither s01's rekey nor the senders' agreement came first").endsWith("s02-rekey");
        // and s01 hears s02's SENDERS, not s02's rekey sent before it
        assertThat(p2[0].send(Destination.multicast(grp, Audience.SENDERS), envelope("rekey", "s02", "agree-2")))
                .isTrue();
        assertThat(seen(control)).endsWith("agree-2");
        assertThat(next(q1).text()).endsWith("agree-2");

        sync(d1);
        sync(d2);
        sync(dr);
        assertThat(q1).isEmpty();
        assertThat(q2).isEmpty();
        assertThat(qr).as("the receiver heard only its key server's rekey").isEmpty();
        assertThat(dr.stats().deliveries()).isEqualTo(1);
    }

    @Test
    void ipv6UnicastOnLoopbackLearnsTheSourceOfAPeer() throws Exception {
        int p = port();
        RealDispatcher a = dispatcher(Settings.defaults().withInterface("lo", "", "::1").withHops(0), NetworkView.SYSTEM);
        HostPort[] pa = new HostPort[1];
        BlockingQueue<Got> qa = inbox(a, "s01", pa);
        pa[0].openGroup(policy("v6", Role.SENDER, "ff15::4d:1", p, "::1", false, List.of()));
        sync(a);
        DatagramChannel r = peer("::1");
        r.send(ByteBuffer.wrap(envelope("v6", "r00002", "hello")), new InetSocketAddress("::1", p));
        Got g = next(qa);
        assertThat(g.from()).isEqualTo(MemberId.of("r00002"));
        sync(a); // learned once the delivery call has returned

        assertThat(pa[0].send(Destination.unicast(GroupId.of("v6"), MemberId.of("r00002")), envelope("v6", "s01", "hi")))
                .isTrue();
        ByteBuffer buf = ByteBuffer.allocate(2048);
        r.configureBlocking(true);
        r.socket().setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        InetSocketAddress src = (InetSocketAddress) r.receive(buf);
        assertThat(src.getPort()).as("sent from the group's control port").isEqualTo(p);
        assertThat(new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.ISO_8859_1)).endsWith("hi");
    }

    @Test
    void ipv6MulticastWhereAnInterfaceCarriesIt() throws Exception {
        NetworkInterface nif = null;
        InetAddress addr = null;
        for (NetworkInterface n : NetworkInterface.networkInterfaces().toList()) {
            if (n.isUp() && n.supportsMulticast() && !n.isLoopback()) {
                for (InetAddress x : n.inetAddresses().toList()) {
                    if (x instanceof Inet6Address && !x.isLinkLocalAddress()) {
                        nif = n;
                        addr = x;
                    }
                }
            }
        }
        Assumptions.assumeTrue(nif != null, "no up, multicast-capable interface with a global IPv6 address here "
                + "(loopback has no MULTICAST flag on this kernel, so IPv6 multicast cannot be tested on it)");
        int p = port();
        // hop limit 0: the datagrams never leave this host
        RealDispatcher a = dispatcher(Settings.defaults().withInterface(nif.getName(), "", addr.getHostAddress())
                .withHops(0), NetworkView.SYSTEM);
        HostPort[] pa = new HostPort[1];
        inbox(a, "s01", pa);
        // the interface's address carries a zone id (fd00::2%eth0): fine for a local bind address, while a
        // policy's sender address never has one
        String senderAddress = addr.getHostAddress().replaceFirst("%.*", "");
        GroupChannel pol = policy("v6m", Role.SENDER, "ff15::4d:2", p, senderAddress, false, List.of());
        pa[0].openGroup(pol);
        sync(a);
        // a plain socket joined to the group on the same interface stands in for another host
        DatagramChannel r = DatagramChannel.open(StandardProtocolFamily.INET6)
                .setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true)
                .bind(new InetSocketAddress(InetAddress.getByName("ff15::4d:2"), p));
        peers.add(r);
        r.join(InetAddress.getByName("ff15::4d:2"), nif);
        assertThat(pa[0].send(Destination.multicast(GroupId.of("v6m"), Audience.ALL), envelope("v6m", "s01", "m6")))
                .isTrue();
        r.socket().setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        ByteBuffer buf = ByteBuffer.allocate(2048);
        InetSocketAddress src = (InetSocketAddress) r.receive(buf);
        assertThat(src.getAddress()).isEqualTo(addr);
        sync(a);
        assertThat(a.stats().deliveries()).as("own copy is dropped, not delivered").isZero();
    }

    @Test
    void excludedAddressesAndMembersAreDroppedBeforeTheGmf() throws Exception {
        int p = port();
        RealDispatcher a = loopback4("127.0.0.1");
        HostPort[] pa = new HostPort[1];
        BlockingQueue<Got> qa = inbox(a, "s01", pa);
        pa[0].openGroup(policy("filt", Role.SENDER, "239.77.1.2", p, "127.0.0.1", false,
                List.of("127.0.0.66/32", "r00666")));
        sync(a);
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", p);
        peer("127.0.0.66").send(ByteBuffer.wrap(envelope("filt", "r00001", "from-excluded-address")), to);
        DatagramChannel ok = peer("127.0.0.5");
        ok.send(ByteBuffer.wrap(envelope("filt", "r00666", "from-excluded-member")), to);
        // also a datagram that is not an envelope at all from an excluded address: dropped unparsed
        peer("127.0.0.66").send(ByteBuffer.wrap(new byte[] {9, 9, 9}), to);
        ok.send(ByteBuffer.wrap(envelope("filt", "r00005", "allowed")), to);
        Got g = next(qa);
        assertThat(g.text()).endsWith("allowed");
        assertThat(qa).isEmpty();
        assertThat(a.counters()).containsEntry("filtered", 3L);
        assertThat(a.stats().dropped()).isEqualTo(3);
        // the excluded member's address was not learned either
        assertThat(pa[0].send(Destination.unicast(GroupId.of("filt"), MemberId.of("r00666")), new byte[] {1})).isFalse();
    }

    @Test
    void emconSendsAreRefusedAndCounted() throws Exception {
        RealDispatcher b = loopback4("127.0.0.2");
        HostPort[] pb = new HostPort[1];
        inbox(b, "r00007", pb);
        pb[0].openGroup(policy("quiet", Role.RECEIVER, "239.77.1.3", port(), "127.0.0.1", true, List.of()));
        assertThat(pb[0].send(Destination.unicast(GroupId.of("quiet"), MemberId.of("s01")), new byte[] {1})).isFalse();
        assertThat(pb[0].send(Destination.multicast(GroupId.of("quiet"), Audience.ALL), new byte[] {1})).isFalse();
        sync(b);
        assertThat(b.stats().emconPacketsSent()).isEqualTo(2);
        assertThat(b.stats().messagesSent()).isZero();
        assertThat(b.counters()).containsEntry("refused.emcon", 2L);
    }

    @Test
    void servesExactlyOneHost() {
        RealDispatcher a = loopback4("127.0.0.1");
        HostPort port = a.attach(MemberId.of("s01"), (f, p) -> { });
        assertThatThrownBy(() -> a.attach(MemberId.of("s02"), (f, p) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one host");
        port.close();
        // after the host detached, a new GMF (a restarted component) may attach
        a.attach(MemberId.of("s02"), (f, p) -> { }).close();
    }

    @Test
    void loopSurvivesAThrowingHandlerAndTimer() throws Exception {
        int p = port();
        RealDispatcher a = loopback4("127.0.0.1");
        BlockingQueue<Got> q = new LinkedBlockingQueue<>();
        HostPort pa = a.attach(MemberId.of("s01"), (from, payload) -> {
            if (payload[payload.length - 1] == '!') {
                throw new IllegalStateException("handler bug");
            }
            q.add(new Got(from, payload));
        });
        pa.openGroup(policy("crash", Role.SENDER, "239.77.1.4", p, "127.0.0.1", false, List.of()));
        pa.runtime().scheduler().schedule(0, () -> {
            throw new IllegalStateException("timer bug");
        });
        sync(a);
        DatagramChannel r = peer("127.0.0.9");
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", p);
        r.send(ByteBuffer.wrap(envelope("crash", "r00001", "boom!")), to);
        r.send(ByteBuffer.wrap(envelope("crash", "r00001", "fine")), to);
        assertThat(next(q).text()).endsWith("fine");
        CountDownLatch later = new CountDownLatch(1);
        pa.runtime().scheduler().schedule(1, later::countDown);
        assertThat(later.await(TIMEOUT_S, TimeUnit.SECONDS)).as("timers still run").isTrue();
        assertThat(a.counters()).containsEntry("errors.handler", 1L);
        assertThat(a.counters().get("loop.failures")).isEqualTo(1L);
    }

    @Test
    void clockIsWallTimeAndNeverDecreases() {
        RealDispatcher a = loopback4("127.0.0.1");
        HostPort pa = a.attach(MemberId.of("s01"), (f, p) -> { });
        assertThat(Math.abs(pa.runtime().clock().millis() - System.currentTimeMillis())).isLessThan(1000);
        assertThat(pa.runtime().random().bytes(16)).isNotEqualTo(pa.runtime().random().bytes(16));

        // a wall clock that steps back an hour (NTP, an operator) must not take the host's clock back
        long t = 1_800_000_000_000L;
        long[] wall = {t};
        RealDispatcher b = new RealDispatcher(Settings.defaults().withInterface("lo", "127.0.0.1", "").withHops(0),
                NetworkView.SYSTEM, () -> wall[0]);
        started.add(b);
        Clock c = b.attach(MemberId.of("s02"), (f, p) -> { }).runtime().clock();
        assertThat(c.millis()).isEqualTo(t);
        wall[0] = t - 3_600_000;
        assertThat(c.millis()).as("held at the latest reading while the wall clock is behind").isEqualTo(t);
        wall[0] = t + 5;
        assertThat(c.millis()).as("follows the wall clock again once it has caught up").isEqualTo(t + 5);
    }

    /** A view of the interfaces in which the test takes "lo" down and up again. */
    static final class Switchable implements NetworkView {
        final AtomicBoolean up = new AtomicBoolean(true);
        volatile CountDownLatch probedWhileDown = new CountDownLatch(1);
        volatile CountDownLatch probedWhileUp = new CountDownLatch(1);

        @Override
        public boolean isUp(NetworkInterface nif) throws SocketException {
            boolean u = up.get() && nif.isUp();
            (u ? probedWhileUp : probedWhileDown).countDown();
            return u;
        }
    }

    @Test
    void groupLeavesAnInterfaceThatWentDownAndRejoinsWhenItIsBack() throws Exception {
        int p = port();
        Switchable view = new Switchable();
        RealDispatcher b = dispatcher(Settings.defaults().withInterface("lo", "127.0.0.2", "").withHops(0)
                .withRetry(20), view);
        RealDispatcher a = loopback4("127.0.0.1");
        HostPort[] pa = new HostPort[1];
        HostPort[] pb = new HostPort[1];
        inbox(a, "s01", pa);
        BlockingQueue<Got> qb = inbox(b, "r00001", pb);
        GroupId g = GroupId.of("flap");
        pa[0].openGroup(policy("flap", Role.SENDER, "239.77.1.5", p, "127.0.0.1", false, List.of()));
        pb[0].openGroup(policy("flap", Role.RECEIVER, "239.77.1.5", p, "127.0.0.1", false, List.of()));
        sync(a);
        sync(b);
        pa[0].send(Destination.multicast(g, Audience.ALL), envelope("flap", "s01", "before"));
        assertThat(next(qb).text()).endsWith("before");

        view.up.set(false);
        assertThat(view.probedWhileDown.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        sync(b); // the retry tick that saw the interface down has finished
        assertThat(b.counters()).containsEntry("interface.down", 1L);
        pa[0].send(Destination.multicast(g, Audience.ALL), envelope("flap", "s01", "while-down"));
        sync(a);

        view.probedWhileUp = new CountDownLatch(1);
        view.up.set(true);
        assertThat(view.probedWhileUp.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        sync(b);
        assertThat(b.counters()).containsEntry("rejoins", 1L);
        pa[0].send(Destination.multicast(g, Audience.ALL), envelope("flap", "s01", "after"));
        Got got = next(qb);
        assertThat(got.text()).as("the datagram sent while b had left the group never arrived").endsWith("after");
    }

    @Test
    void badControlAddressesAreRejectedNamingTheGroup() {
        RealDispatcher a = dispatcher(Settings.defaults().withInterface("lo", "127.0.0.1", "").withFamily("ipv4"),
                NetworkView.SYSTEM);
        HostPort pa = a.attach(MemberId.of("s01"), (f, p) -> { });
        assertThatThrownBy(() -> pa.openGroup(policy("g1", Role.SENDER, "10.0.0.1", 5000, "127.0.0.1", false, List.of())))
                .hasMessageContaining("g1").hasMessageContaining("not a multicast address");
        assertThatThrownBy(() -> pa.openGroup(policy("g2", Role.SENDER, "ff15::1", 5000, "127.0.0.1", false, List.of())))
                .hasMessageContaining("ipv4 only");
        assertThatThrownBy(() -> pa.openGroup(policy("g3", Role.SENDER, "group.example", 5000, "127.0.0.1", false,
                List.of()))).hasMessageContaining("not an IPv4 or IPv6 address literal");
    }

    /** Issue 10, findings 3 and 4: what a host keeps across restarts lives in its own owner-only directory. */
    @Test
    void aHostKeepsItsStateInItsOwnDirectoryAcrossAttachmentsAndNoneWithoutOne(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        RealDispatcher d = loopback4("127.0.0.1");
        d.stateDirectory(dir.toString());
        HostPort p = d.attach(MemberId.of("r00001"), (DatagramHandler) (f, b) -> { });
        assertThat(p.runtime().stateStore().durable()).isTrue();
        p.runtime().stateStore().put("epoch.g", "7".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        p.close();
        HostPort again = d.attach(MemberId.of("r00001"), (DatagramHandler) (f, b) -> { });
        assertThat(again.runtime().stateStore().get("epoch.g")).containsExactly('7');
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("r00001")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        RealDispatcher none = loopback4("127.0.0.1");
        HostPort q = none.attach(MemberId.of("r00002"), (DatagramHandler) (f, b) -> { });
        assertThat(q.runtime().stateStore().durable()).isFalse();
        assertThat(q.runtime().stateStore().get("epoch.g")).isNull();
    }
}
