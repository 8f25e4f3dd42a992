package org.miked.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import org.miked.api.MemberId;
import org.miked.api.gmf.GroupManager;
import org.miked.api.gmf.GroupStatus;
import org.miked.auth.sig.internal.SigScheme;
import org.miked.bd.internal.BdProtocol;
import org.miked.gmf.core.HostGmf;
import org.miked.gmf.core.MapRegistry;
import org.miked.lkh.internal.LkhProtocol;
import org.miked.sim.network.SimNetwork;
import org.miked.simulator.Scenario;
import org.miked.simulator.Summary;
import org.miked.simulator.core.ScenarioPolicies;
import org.miked.simulator.core.ScenarioRun;
import org.miked.sink.memory.internal.MemorySinkFactory;

/**
 * {@code ./miked bench sim [--histogram] [receivers ...]}: the whole simulation runtime ({@link ScenarioRun} on
 * {@link SimNetwork} with the real GMF, BD, LKH, Ed25519 and the in-memory SA sink, wired outside OSGi as
 * the simulator's tests do) at 1,000 / 10,000 / 100,000 receivers and 25 senders, 60 simulated seconds.
 *
 * <p>Per size: wall and thread CPU time, events, deliveries per wall second; live heap per sender host
 * and per receiver host (after full GCs: before the hosts, when the first receiver is created, and at
 * the end with every host alive and keyed); and the floor, measured in this run: one Ed25519
 * verification of a rekey-sized message (as {@code SigSession} does it) times the rekey messages the
 * receivers verified. Heap measurements run inside the run and are taken out of its times.
 * {@code --histogram} prints, per size, the classes whose live heap grew most per receiver (class histograms
 * when the first receiver is created and at the end, as {@code jcmd <pid> GC.class_histogram} shows them).
 */
public final class SimBench {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Pattern EVENTS = Pattern.compile("events (\\d+)");
    /** A 37-byte GMF envelope + a 897-byte LKH leave packet, as in the tesla benchmark. */
    private static final int REKEY_BYTES = 37 + 897;
    private static final int SENDERS = 25;
    private static final long DURATION_S = 60;

    private record Row(int n, Summary summary, double wallS, double cpuS, long events, long perSender,
            long perReceiver, long rekeysVerified, int heapReceivers, long heapMb) {
    }

    private SimBench() {
    }

    /** @return the scenario of one size: 1% joins and 1% leaves, 5% loss, 10% EMCON, seed 1, built-in rest */
    static Scenario scenario(int receivers, long durationS) {
        Scenario d = Scenario.DEFAULT;
        return new Scenario("bench-sim-" + receivers, SENDERS, receivers, 0.05, d.delayMs(), d.jitterMs(), 1,
                d.agreement(), d.distribution(), d.lkhDegree(), receivers / 100, receivers / 100, 0.1, durationS,
                d.batchMs(), d.rekeyAuth());
    }

    public static void run(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean histogram = rest.remove("--histogram");
        int[] sizes = rest.isEmpty() ? new int[] {1_000, 10_000, 100_000} : new int[rest.size()];
        for (int i = 0; i < rest.size(); i++) {
            sizes[i] = Integer.parseInt(rest.get(i).replace("_", "").replace(",", ""));
        }
        Timing.CPU.setThreadCpuTimeEnabled(true);
        Scenario example = scenario(sizes[0], DURATION_S);
        System.out.printf(Locale.ROOT, "miked bench sim: ScenarioRun on SimNetwork, real GMF / BD / LKH / Ed25519 /"
                + " memory SA sink, max heap %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "scenario per size n: %d senders (%s), n receivers (%s, degree %d), n/100 joins,"
                + " n/100 leaves, loss %.2f, delay %d + 0..%d ms, EMCON %.1f, batch %d ms, rekey auth %s, %s rekey"
                + " channels, %d simulated s, seed %d%n", SENDERS, example.agreement(), example.distribution(),
                example.lkhDegree(), example.loss(), example.delayMs(), example.jitterMs(), example.emconFraction(),
                example.batchMs(), example.rekeyAuth(), example.rekeyChannels(), DURATION_S, example.seed());
        System.out.println("warming up (200 receivers, 10 simulated s) ...");
        measure(scenario(200, 10), false, false);
        byte[] message = new byte[REKEY_BYTES];
        new Random(7).nextBytes(message);
        double floorStart = Timing.ed25519VerifyUs(message, 31);
        List<Row> rows = new ArrayList<>();
        for (int n : sizes) {
            rows.add(measure(scenario(n, DURATION_S), true, histogram));
        }
        double floorEnd = Timing.ed25519VerifyUs(message, 31);
        double verifyUs = Math.min(floorStart, floorEnd);
        System.out.printf(Locale.ROOT, "%nfloor: one Ed25519 verify of a %d-byte rekey message (BC, cached key) ="
                + " %.2f us (start of run) / %.2f us (end); floor s = rekeys verified x %.2f us%n", REKEY_BYTES,
                floorStart, floorEnd, verifyUs);
        System.out.println("times exclude the heap measurements (full GCs); cpu = the driving thread's CPU; heap ="
                + " live heap after full GCs, per host");
        System.out.println();
        System.out.printf("%-7s | %7s %7s %7s | %11s %9s | %11s %9s | %10s %8s %10s %9s | %8s %8s | %s%n", "n",
                "wall s", "wall/ss", "cpu s", "events", "events/s", "deliveries", "deliv/s", "rekeys vfd", "floor s",
                "wall/floor", "cpu/floor", "B/sender", "B/recv", "result");
        System.out.println("-".repeat(160));
        for (Row r : rows) {
            Summary s = r.summary;
            double floorS = r.rekeysVerified * verifyUs / 1e6;
            System.out.printf(Locale.ROOT,
                    "%-7d | %7.1f %7.3f %7.1f | %11d %9.0f | %11d %9.0f | %10d %8.2f %10.1f %9.1f | %8d %8d | %s%n",
                    r.n, r.wallS, r.wallS / s.simulatedSeconds(), r.cpuS, r.events, r.events / r.wallS,
                    s.deliveries(), s.deliveries() / r.wallS, r.rekeysVerified, floorS, r.wallS / floorS,
                    r.cpuS / floorS, r.perSender, r.perReceiver,
                    (s.ok() ? "OK" : "INCOMPLETE") + String.format(Locale.ROOT,
                            " (%d/%d keyed, %d epochs, %d msgs, heap %d MB)", s.receiversKeyed(), s.receivers(),
                            s.epochs(), s.messages(), r.heapMb));
        }
        System.out.println();
        System.out.println("wall/ss: wall seconds per simulated second; rekeys vfd: rekey datagrams the receivers"
                + " alive at the end verified (own key server only);");
        System.out.println("B/sender: (heap when the first receiver is created - heap before any host) / senders;"
                + " B/recv: (heap at the end - that) / receivers at the end,");
        System.out.println("which includes what the key servers and the network hold per receiver (tree leaves,"
                + " registrations, host table, pending timers).");
    }

    /** Runs one scenario, measuring heap at the three points; prints the progress lines if {@code report}. */
    private static Row measure(Scenario sc, boolean report, boolean histogram) {
        MapRegistry registry = new MapRegistry().add(new SigScheme()).add(new BdProtocol()).add(new LkhProtocol())
                .add(new MemorySinkFactory()).add(new org.miked.gdh.internal.Gdh2Protocol())
                .add(new org.miked.gdh.internal.Gdh3Protocol());
        SimNetwork net = new SimNetwork(sc.seed(), ScenarioRun.linkModel(sc));
        Map<MemberId, GroupManager> receivers = new LinkedHashMap<>();
        long end = sc.durationS() * 1000;
        long[] heap = new long[3];
        long[] excluded = new long[2]; // wall ns and cpu ns spent measuring
        long[] atEnd = new long[2];
        long[] verified = new long[1];
        int[] heapReceivers = new int[1];
        String[] last = {""};
        @SuppressWarnings("unchecked")
        Map<String, long[]>[] histo = new Map[1];
        ScenarioRun run = new ScenarioRun(sc, net, (d, h) -> {
            boolean receiver = h.id().startsWith("r");
            if (report && receiver && heap[1] == 0) {
                heap[1] = measured(excluded);
                if (histogram) {
                    long w = System.nanoTime();
                    long c = Timing.CPU.getCurrentThreadCpuTime();
                    histo[0] = classHistogram();
                    excluded[0] += System.nanoTime() - w;
                    excluded[1] += Timing.CPU.getCurrentThreadCpuTime() - c;
                }
            }
            GroupManager gm = new HostGmf(d, h, registry, line -> { });
            if (receiver) {
                receivers.put(h, gm);
            }
            return gm;
        });
        heap[0] = report ? liveHeap() : 0;
        long wall0 = System.nanoTime();
        long cpu0 = Timing.CPU.getCurrentThreadCpuTime();
        Summary s = run.run(line -> {
            last[0] = line;
            if (net.now() >= end) {
                atEnd[0] = System.nanoTime();
                atEnd[1] = Timing.CPU.getCurrentThreadCpuTime();
                int alive = 0;
                for (GroupManager gm : receivers.values()) {
                    GroupStatus st = gm.status(ScenarioPolicies.GROUP).orElse(null);
                    if (st != null) {
                        alive++;
                        for (var c : st.counters().entrySet()) {
                            if (c.getKey().equals("rx.distribution") || c.getKey().startsWith("rejected.")) {
                                verified[0] += c.getValue();
                            }
                        }
                    }
                }
                heapReceivers[0] = alive;
                heap[2] = report ? liveHeap() : 0;
                if (histogram) {
                    printGrowth(histo[0], classHistogram(), alive, 30);
                }
            }
            if (report) {
                System.out.println("  n=" + sc.receivers() + " " + line);
            }
        });
        if (!report) {
            return null;
        }
        Matcher m = EVENTS.matcher(last[0]);
        long events = m.find() ? Long.parseLong(m.group(1)) : -1;
        double wallS = (atEnd[0] - wall0 - excluded[0]) / 1e9;
        double cpuS = (atEnd[1] - cpu0 - excluded[1]) / 1e9;
        long perSender = (heap[1] - heap[0]) / sc.senders();
        long perReceiver = (heap[2] - heap[1]) / Math.max(1, heapReceivers[0]);
        return new Row(sc.receivers(), s, wallS, cpuS, events, perSender, perReceiver, verified[0], heapReceivers[0],
                heap[2] >> 20);
    }

    /** @return the live heap; adds the wall and CPU time it took to {@code excluded} */
    private static long measured(long[] excluded) {
        long w = System.nanoTime();
        long c = Timing.CPU.getCurrentThreadCpuTime();
        long h = liveHeap();
        excluded[0] += System.nanoTime() - w;
        excluded[1] += Timing.CPU.getCurrentThreadCpuTime() - c;
        return h;
    }

    /** @return the live heap's class histogram ({@code jcmd <pid> GC.class_histogram}): class -> {instances, bytes} */
    private static Map<String, long[]> classHistogram() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            System.out.println("no class histogram: " + e);
            return Map.of();
        }
        Map<String, long[]> out = new HashMap<>();
        Pattern row = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");
        for (String line : text.split("\n")) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                // lambda classes carry an address: keep the name up to it, so that two runs compare
                String name = m.group(3).replaceAll("/0x[0-9a-f]+$", "");
                out.merge(name, new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return out;
    }

    /** Prints the classes whose live heap grew most between the two histograms, per receiver. */
    private static void printGrowth(Map<String, long[]> before, Map<String, long[]> after, int receivers, int top) {
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        long total = 0;
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
            total += d[1];
            grown.add(Map.entry(e.getKey(), d));
        }
        grown.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        System.out.printf(Locale.ROOT, "  heap growth from the first receiver to the end, per receiver (%d): %d B%n",
                receivers, total / Math.max(1, receivers));
        System.out.printf("  %10s %10s  %s%n", "B/recv", "objs/recv", "class");
        for (var e : grown.subList(0, Math.min(top, grown.size()))) {
            System.out.printf(Locale.ROOT, "  %10.1f %10.2f  %s%n", e.getValue()[1] / (double) receivers,
                    e.getValue()[0] / (double) receivers, e.getKey());
        }
    }

    /** @return heap in use after several full collections */
    static long liveHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
