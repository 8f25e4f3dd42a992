package org.miked.dispatcher.real.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.gmf.wire.Envelope;
import org.miked.gmf.wire.EnvelopeCodec;

/**
 * Sends datagrams as fast as one thread can from one loopback address, in turn: (a) forged envelopes (a
 * valid prefix and body, a random 64-byte "signature") to the key server claiming its genuine receivers
 * (each costs it an Ed25519 verification) or invented ids, and to the rekey channel claiming the server;
 * (b) byte-exact replays of a captured genuine rekey datagram to the rekey channel (a valid signature:
 * each receiver verifies it, then its replay window drops it); (c) garbage of random length to both.
 * All datagrams are built before the flood starts; the loop only sends. Deterministic in its seed.
 */
final class Flooder implements Runnable {
    /** What was sent, by kind. */
    final LongAdder forged = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder garbage = new LongAdder();
    final LongAdder failed = new LongAdder();
    private final DatagramChannel socket;
    private final InetSocketAddress server;
    private final InetSocketAddress rekey;
    private final ByteBuffer[] forgedToServer;
    private final ByteBuffer[] forgedToReceivers;
    private final ByteBuffer replay;
    private final ByteBuffer[] junk;
    private final long minimum;
    private final long warmAfterCount;
    private final CountDownLatch warm;
    private final CountDownLatch enough = new CountDownLatch(1);
    private volatile boolean stop;
    private volatile long startNanos;
    private volatile long endNanos;

    /**
     * @param socket where the flood comes from (multicast on lo)
     * @param server the key server's unicast endpoint
     * @param rekey the server's rekey channel (its receivers' multicast)
     * @param group the group the forgeries claim
     * @param keyServer the server's id (forged rekeys claim it)
     * @param receivers genuine receivers' ids (forged datagrams to the server claim them)
     * @param captured a genuine rekey datagram, replayed byte for byte
     * @param minimum datagrams sent before {@link #stop} takes effect
     * @param warmAfter {@link #awaitWarm} returns once this many were sent
     * @param seed the random content
     */
    Flooder(DatagramChannel socket, InetSocketAddress server, InetSocketAddress rekey, GroupId group, MemberId keyServer,
            List<MemberId> receivers, byte[] captured, long minimum, long warmAfter, long seed) {
        this.socket = socket;
        this.server = server;
        this.rekey = rekey;
        this.minimum = minimum;
        this.warm = new CountDownLatch(1);
        this.warmAfterCount = warmAfter;
        Random rnd = new Random(seed);
        forgedToServer = new ByteBuffer[512];
        for (int i = 0; i < forgedToServer.length; i++) {
            MemberId claimed = i % 2 == 0 ? receivers.get(i / 2 % receivers.size()) : MemberId.of("x" + i);
            forgedToServer[i] = forged(rnd, group, claimed, i);
        }
        forgedToReceivers = new ByteBuffer[256];
        for (int i = 0; i < forgedToReceivers.length; i++) {
            forgedToReceivers[i] = forged(rnd, group, keyServer, i);
        }
        replay = direct(captured);
        junk = new ByteBuffer[512];
        for (int i = 0; i < junk.length; i++) {
            byte[] b = new byte[1 + rnd.nextInt(600)];
            rnd.nextBytes(b);
            junk[i] = direct(b);
        }
    }

    private static ByteBuffer forged(Random rnd, GroupId group, MemberId claimed, int i) {
        byte[] body = new byte[16 + rnd.nextInt(200)];
        rnd.nextBytes(body);
        byte[] env = EnvelopeCodec.encode(new Envelope(Envelope.Kind.DISTRIBUTION, group, claimed, null, 1 + (i & 7),
                Long.MAX_VALUE / 2 + i, body));
        byte[] sealed = java.util.Arrays.copyOf(env, env.length + 64);
        byte[] sig = new byte[64];
        rnd.nextBytes(sig);
        System.arraycopy(sig, 0, sealed, env.length, 64);
        return direct(sealed);
    }

    private static ByteBuffer direct(byte[] b) {
        ByteBuffer d = ByteBuffer.allocateDirect(b.length);
        d.put(b).flip();
        return d;
    }

    @Override
    public void run() {
        startNanos = System.nanoTime();
        long n = 0;
        int f = 0;
        int j = 0;
        try {
            while (!stop || n < minimum) {
                ByteBuffer b;
                InetSocketAddress to;
                switch ((int) (n % 3)) {
                    case 0 -> {
                        // two of three forgeries go to the server
                        boolean toServer = f % 3 != 2;
                        b = toServer ? forgedToServer[f % forgedToServer.length]
                                : forgedToReceivers[f % forgedToReceivers.length];
                        to = toServer ? server : rekey;
                        f++;
                        forged.increment();
                    }
                    case 1 -> {
                        b = replay;
                        to = rekey;
                        replayed.increment();
                    }
                    default -> {
                        b = junk[j % junk.length];
                        to = (j & 1) == 0 ? server : rekey;
                        j++;
                        garbage.increment();
                    }
                }
                b.rewind();
                try {
                    socket.send(b, to);
                } catch (IOException e) {
                    failed.increment(); // ENOBUFS and the like: the flood goes on
                }
                n++;
                if (n == warmAfterCount) {
                    warm.countDown();
                }
                if (n == minimum) {
                    enough.countDown();
                }
            }
        } finally {
            endNanos = System.nanoTime();
            warm.countDown();
            enough.countDown();
        }
    }

    /** Waits until the flood is at full speed. */
    void awaitWarm() throws InterruptedException {
        warm.await();
    }

    /** Waits until the minimum was sent. */
    void awaitMinimum() throws InterruptedException {
        enough.await();
    }

    /** Ends the flood once the minimum is sent. */
    void stop() {
        stop = true;
    }

    /** @return datagrams sent so far */
    long sent() {
        return forged.sum() + replayed.sum() + garbage.sum();
    }

    /** @return seconds from the first datagram to the last (after the flood) */
    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }
}
