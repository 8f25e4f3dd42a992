package org.miked.dispatcher.real.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.miked.api.MemberId;
import org.miked.common.wire.DecodeException;
import org.miked.gmf.wire.Envelope;
import org.miked.gmf.wire.EnvelopeCodec;
import org.miked.gmf.wire.EnvelopeIn;

/**
 * The flood of issue 10 against a key server with receivers ({@link FloodRig}), measured:
 *
 * <pre>
 *  1. s01 + receivers r00001..rN join; every receiver keyed
 *  2. idle: rekeys timed (call to last receiver's MSA install); a genuine rekey datagram captured
 *  3. used heap after GC
 *  4. flood starts ({@link Flooder}: forged, replayed, garbage); once at full speed:
 *       new receivers join (genuine registrations) until every receiver holds the new epoch; timed
 *       genuine rekeys, one after the other; each timed
 *     flood stops once at least the minimum was sent; every flooded socket worked off (sentinels)
 *  5. used heap after GC; log lines counted during 4; the server's learned addresses and routes
 * </pre>
 */
final class FloodScenario {
    private FloodScenario() {
    }

    /**
     * @param initial receivers keyed before the flood
     * @param joining receivers that register during the flood
     * @param minimum datagrams the flood sends at least
     * @param rekeys rekeys timed without a flood, and again during it
     * @param seed keys and flood content
     * @param lkh {@code lkh.*} policy parameters (empty: the protocol's defaults)
     */
    record Params(int initial, int joining, long minimum, int rekeys, long seed, Map<String, String> lkh) {
        /**
         * LKH timers that recover from flood losses sooner than the defaults (register retry 1 s doubling,
         * heartbeat 5 s, silence 15 s), so that the test ends in bounded time on two loaded cores.
         */
        static final Map<String, String> FAST_RECOVERY = Map.of("lkh.registerRetryMillis", "250",
                "lkh.heartbeatMillis", "1000", "lkh.repairJitterMillis", "200");
        static final Params TEST = new Params(4, 2, 100_000, 3, 10, FAST_RECOVERY);
    }

    /**
     * What a run measured.
     *
     * @param sent datagrams the flood sent
     * @param forged of them forged envelopes
     * @param replayed of them replays of the captured rekey
     * @param garbage of them garbage
     * @param sendFailures sends the kernel refused (ENOBUFS)
     * @param floodSeconds from the flood's first datagram to its last
     * @param idleRekeyMillis each idle rekey's latency
     * @param joinMillis from the new receivers' join until every receiver held the new epoch, during the flood
     * @param floodRekeyMillis each genuine rekey's latency during the flood, one after the other
     * @param sentDuringRekeys flood datagrams sent while those rekeys were under way
     * @param floodRunning true if the flood was still running when the last rekey had reached every receiver
     * @param heapBeforeBytes used heap after GC before the flood
     * @param heapAfterBytes used heap after GC after it
     * @param gmfLogLines lines the GMFs logged during the flood
     * @param julLogRecords records the org.miked JUL loggers published (INFO+) during the flood
     * @param logSamples the GMF's first lines during the flood
     * @param learned addresses the server's dispatcher had learned at the end
     * @param receivers receivers in the group at the end
     * @param routesOk receivers the server routed to their own address at the end
     * @param commonKey receivers holding the server's current key at the end
     * @param authenticatedAtServer datagrams the server's GMF vouched for during the flood
     * @param serverCounters the server dispatcher's counters at the end
     * @param serverGroup the server GMF's group counters at the end
     * @param receiversGroup the receivers' GMF group counters at the end, summed
     * @param authenticatedAtReceivers datagrams the receivers' GMFs vouched for over the whole run
     */
    record Report(long sent, long forged, long replayed, long garbage, long sendFailures, double floodSeconds,
            List<Long> idleRekeyMillis, long joinMillis, List<Long> floodRekeyMillis, long sentDuringRekeys,
            boolean floodRunning, long heapBeforeBytes, long heapAfterBytes, long gmfLogLines, long julLogRecords,
            List<String> logSamples, long learned, int receivers, int routesOk, int commonKey,
            long authenticatedAtServer, Map<String, Long> serverCounters, Map<String, Long> serverGroup,
            Map<String, Long> receiversGroup, long authenticatedAtReceivers) {

        double rate() {
            return sent / floodSeconds;
        }

        String summary() {
            return String.format(java.util.Locale.ROOT, "flood: %,d datagrams in %.2f s = %,.0f/s (forged %,d, replayed "
                    + "%,d, garbage %,d, send failures %,d)%n"
                    + "genuine rekey latency: idle %s ms; during the flood %s ms (%,d flood datagrams sent meanwhile)%n"
                    + "genuine registrations during the flood: %d ms until all %d receivers held the new epoch%n"
                    + "heap used after GC: %.1f MB before, %.1f MB after (%+.1f MB)%n"
                    + "log during the flood: %,d GMF lines, %,d JUL records (org.miked, INFO+)%n"
                    + "server: %d addresses learned, %d/%d receivers routed to their own address, %d/%d hold its key,"
                    + " %,d datagrams authenticated during the flood%n"
                    + "server dispatcher counters: %s%n"
                    + "server group counters: %s%n"
                    + "receivers' group counters (sum): %s%n"
                    + "first GMF lines during the flood: %s",
                    sent, floodSeconds, rate(), forged, replayed, garbage, sendFailures, idleRekeyMillis,
                    floodRekeyMillis, sentDuringRekeys, joinMillis, receivers, heapBeforeBytes / 1e6,
                    heapAfterBytes / 1e6, (heapAfterBytes - heapBeforeBytes) / 1e6, gmfLogLines, julLogRecords, learned,
                    routesOk, receivers, commonKey, receivers, authenticatedAtServer, serverCounters, serverGroup, receiversGroup, logSamples);
        }
    }

    static Report run(Params p) throws Exception {
        try (FloodRig rig = new FloodRig(p.initial() + p.joining(), p.seed(), p.lkh())) {
            for (int i = 1; i <= p.initial(); i++) {
                rig.addReceiver(i);
            }
            rig.awaitAllKeyed(30_000);

            List<Long> idle = new ArrayList<>();
            byte[] captured;
            try (DatagramChannel witness = rig.rekeyWitness()) {
                for (int k = 0; k < p.rekeys(); k++) {
                    idle.add(rig.rekey(10_000) / 1_000_000);
                }
                captured = largestRekey(witness);
            }

            long heapBefore = usedHeapAfterGc();
            long gmfBefore = rig.log.gmf.sum();
            long julBefore = rig.log.jul.sum();
            rig.log.resetSamples();
            long authBefore = rig.server.tap().authenticated.sum();
            List<MemberId> all = new ArrayList<>();
            for (int i = 1; i <= p.initial() + p.joining(); i++) {
                all.add(org.miked.testkit.TestPolicies.receiverId(i));
            }
            try (DatagramChannel from = FloodRig.loopbackSender("127.0.9.66")) {
                Flooder flood = new Flooder(from, new InetSocketAddress(FloodRig.SERVER_ADDRESS, rig.port),
                        new InetSocketAddress(FloodRig.REKEY, rig.port), FloodRig.GROUP, FloodRig.SERVER, all, captured,
                        p.minimum(), Math.min(10_000, p.minimum()), p.seed());
                Thread t = new Thread(flood, "flooder");
                t.setDaemon(true);
                t.start();
                long joinMillis;
                List<Long> rekeyMillis = new ArrayList<>();
                long sentDuring;
                boolean running;
                try {
                    flood.awaitWarm();
                    long j0 = System.nanoTime();
                    for (int i = p.initial() + 1; i <= p.initial() + p.joining(); i++) {
                        rig.addReceiver(i);
                    }
                    rig.awaitAllKeyed(40_000);
                    joinMillis = (System.nanoTime() - j0) / 1_000_000;
                    long s0 = flood.sent();
                    for (int k = 0; k < p.rekeys(); k++) {
                        rekeyMillis.add(rig.rekey(40_000) / 1_000_000);
                    }
                    sentDuring = flood.sent() - s0;
                    running = t.isAlive();
                } finally {
                    flood.stop();
                }
                flood.awaitMinimum();
                t.join();
                rig.drain(from, 30_000);
                long heapAfter = usedHeapAfterGc();
                long gmfLines = rig.log.gmf.sum() - gmfBefore;
                long julLines = rig.log.jul.sum() - julBefore;
                Map<String, Long> c = rig.server.dispatcher().counters();
                Map<String, Long> rxCounters = new java.util.TreeMap<>();
                long rxAuthenticated = 0;
                int routes = 0;
                int keyed = 0;
                String serverKey = rig.server.gmf().status(FloodRig.GROUP).orElseThrow().keyFingerprint();
                for (FloodRig.Node n : rig.receivers.values()) {
                    if (new InetSocketAddress(n.address(), rig.port)
                            .equals(rig.server.dispatcher().route(FloodRig.GROUP, n.id()))) {
                        routes++;
                    }
                    rxAuthenticated += n.tap().authenticated.sum();
                    n.gmf().status(FloodRig.GROUP).orElseThrow().counters().forEach((k, v) -> rxCounters.merge(k, v,
                            Long::sum));
                    if (serverKey.equals(n.gmf().status(FloodRig.GROUP).orElseThrow().keyFingerprint())) {
                        keyed++;
                    }
                }
                return new Report(flood.sent(), flood.forged.sum(), flood.replayed.sum(), flood.garbage.sum(),
                        flood.failed.sum(), flood.seconds(), idle, joinMillis, rekeyMillis, sentDuring, running,
                        heapBefore, heapAfter, gmfLines, julLines, rig.log.samples(), c.getOrDefault("peers.learned", 0L),
                        rig.receivers.size(), routes, keyed, rig.server.tap().authenticated.sum() - authBefore, c,
                        new java.util.TreeMap<>(rig.server.gmf().status(FloodRig.GROUP).orElseThrow().counters()),
                        rxCounters, rxAuthenticated);
            }
        }
    }

    /** @return the largest DISTRIBUTION datagram of the server the witness saw (a rekey with its wraps) */
    private static byte[] largestRekey(DatagramChannel witness) throws Exception {
        witness.configureBlocking(false);
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        byte[] best = null;
        while (true) {
            buf.clear();
            if (witness.receive(buf) == null) {
                break;
            }
            byte[] d = Arrays.copyOf(buf.array(), buf.position());
            try {
                EnvelopeIn h = EnvelopeCodec.decodePrefix(d);
                if (h.kind() == Envelope.Kind.DISTRIBUTION && h.claimedSender().equals(FloodRig.SERVER)
                        && (best == null || d.length > best.length)) {
                    best = d;
                }
            } catch (DecodeException e) {
                // not an envelope: not what we replay
            }
        }
        if (best == null) {
            throw new AssertionError("no rekey datagram of " + FloodRig.SERVER + " seen on the rekey channel");
        }
        return best;
    }

    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
