package org.miked.dispatcher.real.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;

/**
 * Issue 10, finding 9: "learned unicast addresses can be flushed". The attack: a genuine receiver's
 * address is learned, then 100,000 datagrams with a valid envelope prefix but spoofed sender ids arrive
 * (and some claiming the receiver itself from the attacker's address); the key server must still reach the
 * genuine receiver by unicast. Real sockets on loopback: key server 127.0.0.1, receiver 127.0.0.2,
 * attacker 127.0.0.3, the dispatcher's default table size (100,000 learned addresses). The server's handler
 * stands in for the GMF's authentication ({@code DatagramHandler.deliver}); the GMF's own answer is shown
 * with real signatures by {@code FloodTest}.
 *
 * <p>Before the fix (addresses learned from every datagram before authentication) this failed: after the
 * 100,000 spoofed ids the table held 100,000 of them and none of the receiver ({@code refused.no-route} for
 * the WELCOME), and a forged datagram claiming the receiver redirected its unicast to the attacker.
 */
class Issue10SpoofedIdsFlushPeersTest {
    private static final long TIMEOUT_S = 10;
    private static final int SPOOFED = 100_000;
    /** Datagrams the attacker sends before it waits for the server to have read them (the socket buffer holds ~270). */
    private static final int CHUNK = 128;
    private static final GroupId G = GroupId.of("flush");
    private static final MemberId SERVER = MemberId.of("s01");
    private static final MemberId RECEIVER = MemberId.of("r00001");
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(37_000 + (int) (ProcessHandle.current().pid() % 5000));
    private final List<RealDispatcher> started = new ArrayList<>();
    private final List<DatagramChannel> sockets = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        started.forEach(RealDispatcher::stop);
        for (DatagramChannel c : sockets) {
            c.close();
        }
    }

    private RealDispatcher loopback(String bind) {
        RealDispatcher d = new RealDispatcher(Settings.defaults().withInterface("lo", bind, "").withHops(0),
                NetworkView.SYSTEM);
        started.add(d);
        return d;
    }

    /** An envelope prefix that EnvelopePeek accepts, with a body; "sig:genuine" stands for a valid seal. */
    private static byte[] envelope(MemberId sender, String body) {
        return RealDispatcherTest.envelope(G.name(), sender.id(), body);
    }

    private static boolean genuine(byte[] payload) {
        return new String(payload, StandardCharsets.ISO_8859_1).endsWith("sig:genuine");
    }

    private static void sync(RealDispatcher d) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        d.scheduler().execute(done::countDown);
        assertThat(done.await(TIMEOUT_S, TimeUnit.SECONDS)).as("event loop answered").isTrue();
    }

    @Test
    void hundredThousandSpoofedIdsDoNotFlushOrRedirectAnAuthenticatedReceiversAddress() throws Exception {
        int port = NEXT_PORT.getAndIncrement();
        RealDispatcher server = loopback("127.0.0.1");
        RealDispatcher receiver = loopback("127.0.0.2");
        Semaphore read = new Semaphore(0);
        HostPort[] spHolder = new HostPort[1];
        // stands in for the GMF: a datagram authenticates only if it carries the sender's "signature"; like
        // LKH it answers a genuine "hello" in the same call
        HostPort sp = server.attach(SERVER, new DatagramHandler() {
            @Override
            public void onDatagram(MemberId from, byte[] payload) {
                deliver(from, payload);
            }

            @Override
            public boolean deliver(MemberId from, byte[] payload) {
                boolean ok = genuine(payload);
                if (ok && new String(payload, StandardCharsets.ISO_8859_1).contains("hello")) {
                    assertThat(spHolder[0].send(Destination.unicast(G, from), envelope(SERVER, "answer"))).isTrue();
                }
                read.release();
                return ok;
            }
        });
        spHolder[0] = sp;
        BlockingQueue<String> atReceiver = new LinkedBlockingQueue<>();
        HostPort rp = receiver.attach(RECEIVER,
                (from, payload) -> atReceiver.add(new String(payload, StandardCharsets.ISO_8859_1)));
        sp.openGroup(RealDispatcherTest.policy(G.name(), Role.SENDER, "239.77.3.1", port, "127.0.0.1", false, List.of()));
        GroupChannel rc = RealDispatcherTest.policy(G.name(), Role.RECEIVER, "239.77.3.1", port, "127.0.0.1", false,
                List.of());
        rp.openGroup(rc);
        sync(server);
        sync(receiver);

        // the genuine receiver registers (authenticated): the server learns where it is
        assertThat(rp.send(Destination.unicast(G, SERVER), envelope(RECEIVER, "register sig:genuine"))).isTrue();
        assertThat(read.tryAcquire(TIMEOUT_S, TimeUnit.SECONDS)).as("the registration arrived").isTrue();

        DatagramChannel attacker = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.3", 0));
        sockets.add(attacker);
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);

        // the flush: valid prefixes, 100,000 invented ids, forged seals
        flood(attacker, to, read, SPOOFED, i -> MemberId.of("x" + i));
        sync(server);
        assertThat(server.stats().deliveries()).as("every spoofed datagram reached the handler").isEqualTo(SPOOFED + 1);
        // the key server's WELCOME must still reach the genuine receiver
        assertThat(sp.send(Destination.unicast(G, RECEIVER), envelope(SERVER, "welcome")))
                .as("a route to the genuine receiver (counters " + server.counters() + ")").isTrue();
        String got = atReceiver.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(got).as("the welcome reached the receiver").isNotNull().endsWith("welcome");

        // the redirect: forged datagrams claiming the receiver itself, from the attacker's address
        flood(attacker, to, read, CHUNK, i -> RECEIVER);
        sync(server);
        assertThat(sp.send(Destination.unicast(G, RECEIVER), envelope(SERVER, "keys"))).isTrue();
        // a unicast goes to one address: if the receiver got it, the attacker did not
        assertThat(atReceiver.poll(TIMEOUT_S, TimeUnit.SECONDS)).as("the keys reached 127.0.0.2, not the attacker")
                .isNotNull().endsWith("keys");
        assertThat(server.counters().get("peers.learned")).as("no spoofed id was learned").isEqualTo(1L);
        assertThat(server.route(G, MemberId.of("x7"))).isNull();
        assertThat(server.route(G, RECEIVER)).isEqualTo(new InetSocketAddress("127.0.0.2", port));
        assertThat(server.counters()).containsEntry("peers.unauthenticated", (long) SPOOFED + CHUNK);

        // a genuine receiver moves (new address, first datagram from there): answered in the call, then learned
        RealDispatcher moved = loopback("127.0.0.4");
        BlockingQueue<String> atMoved = new LinkedBlockingQueue<>();
        HostPort mp = moved.attach(RECEIVER, RealDispatcherTest.vouching(g -> atMoved.add(g.text())));
        mp.openGroup(rc);
        sync(moved);
        assertThat(mp.send(Destination.unicast(G, SERVER), envelope(RECEIVER, "hello sig:genuine"))).isTrue();
        assertThat(atMoved.poll(TIMEOUT_S, TimeUnit.SECONDS)).as("the answer sent within the delivery call")
                .isNotNull().endsWith("answer");
        sync(server);
        assertThat(server.route(G, RECEIVER)).isEqualTo(new InetSocketAddress("127.0.0.4", port));
    }

    /** Sends n forged datagrams, waiting after each chunk until the server has read them all (none lost). */
    private static void flood(DatagramChannel attacker, InetSocketAddress to, Semaphore read, int n,
            java.util.function.IntFunction<MemberId> claimed) throws Exception {
        for (int i = 0; i < n; i++) {
            attacker.send(ByteBuffer.wrap(envelope(claimed.apply(i), "register sig:forged")), to);
            if (i % CHUNK == CHUNK - 1 || i == n - 1) {
                assertThat(read.tryAcquire(i % CHUNK + 1, TIMEOUT_S, TimeUnit.SECONDS))
                        .as("server read the forged datagrams up to " + i).isTrue();
            }
        }
    }
}
