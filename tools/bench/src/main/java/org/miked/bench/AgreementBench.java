package org.miked.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.Destination;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementResult;
import org.miked.api.protocol.AgreementSession;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.runtime.RandomSource;
import org.miked.api.runtime.Scheduler;
import org.miked.bd.core.BdSession;
import org.miked.common.crypto.Ed25519;
import org.miked.common.crypto.Randoms;
import org.miked.dh.group.DhGroup;
import org.miked.dh.group.DhGroups;
import org.miked.dh.group.DhOps;
import org.miked.gdh.core.GdhSession;
import org.miked.testkit.AbstractContext;
import org.miked.testkit.TestNetwork;
import org.miked.testkit.TestPolicies;

/**
 * {@code ./miked bench agreement [repetitions]}: BD, GDH.2, GDH.3 (and a GDH leave of one member) at
 * n = 5, 10, 25 over P-256, all members in this JVM on a lossless virtual network (delay 5 + 0..5 ms).
 * Every message a member sends is really Ed25519-signed by it and verified by each receiver, as the GMF
 * does, and each member's CPU (ThreadMXBean thread CPU time around every call into it: start, delivery,
 * timers) includes that. The floor is measured in the same run: one P-256 scalar multiplication, one
 * Ed25519 signature, one verification; a member's floor is its full exponentiations x scalar mult + its
 * signatures x sign + its verifications x verify.
 */
public final class AgreementBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private AgreementBench() {
    }

    private record Floor(double mulUs, double signUs, double verifyUs) {
    }

    /** Per-member accounting. */
    private static final class Member {
        final MemberId id;
        final byte[] priv;
        byte[] pub;
        long cpuNs;
        long signs;
        long verifies;
        long sent;
        long bytes;
        int largest;
        long agreedAt = -1;
        AgreementSession session;
        final List<AgreementResult> agreed = new ArrayList<>();
        final List<String> failed = new ArrayList<>();

        Member(MemberId id, byte[] priv) {
            this.id = id;
            this.priv = priv;
            this.pub = Ed25519.publicOf(priv);
        }

        void charge(Runnable r) {
            long t = CPU.getCurrentThreadCpuTime();
            r.run();
            cpuNs += CPU.getCurrentThreadCpuTime() - t;
        }
    }

    public static void run(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        if (!CPU.isCurrentThreadCpuTimeSupported()) {
            System.out.println("thread CPU time not supported on this JVM");
            return;
        }
        CPU.setThreadCpuTimeEnabled(true);
        System.out.println("miked bench agreement: P-256, lossless virtual network, real Ed25519 sign/verify per message");
        System.out.println("warming up ...");
        for (int k = 0; k < 3; k++) {
            floor(200);
            for (String p : List.of("bd", "gdh2", "gdh3")) {
                scenario(p, 10, 100 + k, false);
            }
        }
        Floor f = floor(2000);
        System.out.printf("floor: P-256 scalar mult %.1f us, Ed25519 sign %.1f us, Ed25519 verify %.1f us%n%n",
                f.mulUs(), f.signUs(), f.verifyUs());
        System.out.println("protocol   n  rounds  msgs(total)  bytes(total)  largest  exps/member(avg,max)"
                + "  sign/member  verify/member  cpu/member ms(avg,max)  floor ms(avg)  ratio(avg,worst)  done at ms");
        System.out.println("(bytes and largest: protocol bodies, without the GMF envelope and the 64-byte signature;"
                + " done at: virtual time when the last member agreed)");
        for (String p : List.of("bd", "gdh2", "gdh3", "gdh2-leave", "gdh3-leave")) {
            for (int n : new int[] {5, 10, 25}) {
                List<Row> rows = new ArrayList<>();
                for (int rep = 0; rep < reps; rep++) {
                    rows.add(scenario(p, n, 1000 + rep, true));
                }
                rows.sort((a, b) -> Double.compare(a.cpuAvgMs, b.cpuAvgMs));
                print(rows.get(rows.size() / 2), f);
            }
        }
    }

    private static Floor floor(int iterations) {
        DhGroup g = DhGroups.byName("P-256");
        RandomSource rnd = Randoms.deterministic(5, "floor");
        var base = g.expGenerator(g.randomExponent(rnd));
        BigInteger[] ks = new BigInteger[iterations];
        for (int i = 0; i < iterations; i++) {
            ks[i] = g.randomExponent(rnd);
        }
        long t = CPU.getCurrentThreadCpuTime();
        var acc = base;
        for (int i = 0; i < iterations; i++) {
            acc = g.exp(i % 2 == 0 ? base : acc, ks[i]);
        }
        acc.encoded();
        double mul = (CPU.getCurrentThreadCpuTime() - t) / 1e3 / iterations;
        byte[] priv = Ed25519.generatePrivate(Randoms.asSecureRandom(rnd));
        byte[] pub = Ed25519.publicOf(priv);
        byte[] msg = rnd.bytes(200);
        byte[] sig = null;
        t = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < iterations; i++) {
            msg[0] = (byte) i;
            sig = Ed25519.sign(priv, msg, 0, msg.length);
        }
        double sign = (CPU.getCurrentThreadCpuTime() - t) / 1e3 / iterations;
        t = CPU.getCurrentThreadCpuTime();
        int ok = 0;
        for (int i = 0; i < iterations; i++) {
            ok += Ed25519.verify(pub, msg, 0, msg.length, sig) ? 1 : 0;
        }
        double verify = (CPU.getCurrentThreadCpuTime() - t) / 1e3 / iterations;
        if (ok == 0) {
            throw new IllegalStateException("verify failed");
        }
        return new Floor(mul, sign, verify);
    }

    private record Row(String protocol, int n, String rounds, long msgs, long bytes, int largest, double expAvg,
            long expMax, double signAvg, double verifyAvg, double cpuAvgMs, double cpuMaxMs, long[] exps,
            long[] signs, long[] verifies, double[] cpuMs, long virtMs) {
    }

    private static Row scenario(String protocol, int n, long seed, boolean check) {
        boolean leave = protocol.endsWith("-leave");
        String proto = leave ? protocol.substring(0, 4) : protocol;
        TestNetwork net = new TestNetwork(seed);
        TestPolicies pol = new TestPolicies("bench", n, seed);
        List<MemberId> ids = pol.senders();
        var keyRandom = Randoms.asSecureRandom(Randoms.deterministic(seed, "bench-keys"));
        Map<MemberId, Member> members = new LinkedHashMap<>();
        for (MemberId id : ids) {
            members.put(id, new Member(id, Ed25519.generatePrivate(keyRandom)));
        }
        Map<MemberId, byte[]> pubs = new LinkedHashMap<>();
        members.values().forEach(m -> pubs.put(m.id, m.pub));
        Function<AgreementContext, AgreementSession> factory = switch (proto) {
            case "bd" -> BdSession::new;
            case "gdh2" -> c -> new GdhSession(c, GdhSession.Variant.GDH2);
            default -> c -> new GdhSession(c, GdhSession.Variant.GDH3);
        };
        for (Member m : members.values()) {
            BenchContext ctx = new BenchContext(pol.sender(m.id), new BenchRuntime(m, net, seed), net, m);
            m.session = factory.apply(ctx);
            net.attach(m.id, Role.SENDER, (from, signed) -> m.charge(() -> {
                byte[] body = Arrays.copyOf(signed, signed.length - Ed25519.SIGNATURE_BYTES);
                byte[] sig = Arrays.copyOfRange(signed, body.length, signed.length);
                m.verifies++;
                if (Ed25519.verify(pubs.get(from), body, 0, body.length, sig)) {
                    m.session.onMessage(from, body);
                }
            }));
        }
        List<MemberId> runMembers = ids;
        long run = 1;
        if (leave) {
            startAll(members, 1, ids);
            net.time().runUntilIdle(net.time().millis() + 60_000);
            members.values().forEach(m -> {
                m.cpuNs = 0;
                m.signs = 0;
                m.verifies = 0;
                m.sent = 0;
                m.bytes = 0;
                m.largest = 0;
            });
            runMembers = ids.subList(0, n - 1);
            run = 2;
        }
        long[] expBefore = new long[runMembers.size()];
        for (int i = 0; i < runMembers.size(); i++) {
            expBefore[i] = ops(members.get(runMembers.get(i)).session).fullExps();
        }
        long t0 = net.time().millis();
        startAll(members, run, runMembers);
        net.time().runUntilIdle(net.time().millis() + 60_000);
        int k = runMembers.size();
        long[] exps = new long[k];
        long[] signs = new long[k];
        long[] verifies = new long[k];
        double[] cpu = new double[k];
        long msgs = 0;
        long bytes = 0;
        byte[] secret = null;
        long virtDone = 0;
        int largest = 0;
        for (int i = 0; i < k; i++) {
            Member m = members.get(runMembers.get(i));
            exps[i] = ops(m.session).fullExps() - expBefore[i];
            signs[i] = m.signs;
            verifies[i] = m.verifies;
            cpu[i] = m.cpuNs / 1e6;
            msgs += m.sent;
            bytes += m.bytes;
            largest = Math.max(largest, m.largest);
            virtDone = Math.max(virtDone, m.agreedAt - t0);
            final long r = run;
            AgreementResult res = m.agreed.stream().filter(a -> a.run() == r).findFirst().orElse(null);
            if (check && (res == null || (secret != null && !Arrays.equals(secret, res.secret())))) {
                throw new IllegalStateException(protocol + " n=" + n + ": " + m.id + " did not agree: " + m.failed);
            }
            secret = res == null ? null : res.secret();
        }
        String rounds = switch (protocol) {
            case "bd" -> "2";
            case "gdh2" -> Integer.toString(k);
            case "gdh3" -> Integer.toString(k + 1);
            default -> "2";
        };
        return new Row(leave ? protocol + "(" + n + "->" + k + ")" : protocol, k, rounds, msgs, bytes, largest,
                Arrays.stream(exps).average().orElse(0), Arrays.stream(exps).max().orElse(0),
                Arrays.stream(signs).average().orElse(0), Arrays.stream(verifies).average().orElse(0),
                Arrays.stream(cpu).average().orElse(0), Arrays.stream(cpu).max().orElse(0), exps, signs, verifies, cpu,
                virtDone);
    }

    private static DhOps ops(AgreementSession s) {
        return s instanceof BdSession b ? b.ops() : ((GdhSession) s).counters();
    }

    private static void startAll(Map<MemberId, Member> members, long run, List<MemberId> list) {
        for (MemberId id : list) {
            Member m = members.get(id);
            m.charge(() -> m.session.start(run, list));
        }
    }

    private static void print(Row r, Floor f) {
        double floorSum = 0;
        double worst = 0;
        for (int i = 0; i < r.exps().length; i++) {
            double fl = (r.exps()[i] * f.mulUs() + r.signs()[i] * f.signUs() + r.verifies()[i] * f.verifyUs()) / 1e3;
            floorSum += fl;
            worst = Math.max(worst, r.cpuMs()[i] / fl);
        }
        double floorAvg = floorSum / r.exps().length;
        System.out.printf("%-16s %2d  %6s  %11d  %12d  %7d  %9.1f %4d  %11.1f  %13.1f  %9.2f %9.2f  %13.2f  %6.2f %6.2f  %7d%n",
                r.protocol(), r.n(), r.rounds(), r.msgs(), r.bytes(), r.largest(), r.expAvg(), r.expMax(), r.signAvg(),
                r.verifyAvg(), r.cpuAvgMs(), r.cpuMaxMs(), floorAvg, r.cpuAvgMs() / floorAvg, worst, r.virtMs());
    }

    /** Host runtime whose timer tasks are charged to the member. */
    private static final class BenchRuntime implements HostRuntime {
        private final Member m;
        private final TestNetwork net;
        private final RandomSource random;

        BenchRuntime(Member m, TestNetwork net, long seed) {
            this.m = m;
            this.net = net;
            this.random = Randoms.deterministic(seed, m.id.id());
        }

        @Override
        public MemberId self() {
            return m.id;
        }

        @Override
        public Clock clock() {
            return net.time();
        }

        @Override
        public Scheduler scheduler() {
            return new Scheduler() {
                @Override
                public Cancellable schedule(long delayMillis, Runnable task) {
                    return net.time().schedule(delayMillis, () -> m.charge(task));
                }
            };
        }

        @Override
        public RandomSource random() {
            return random;
        }
    }

    /** Agreement context that signs every body (charged to the caller, which is inside a charged call). */
    private static final class BenchContext extends AbstractContext implements AgreementContext {
        private final TestNetwork net;
        private final Member m;

        BenchContext(GroupPolicy policy, HostRuntime runtime, TestNetwork net, Member m) {
            super(policy, runtime);
            this.net = net;
            this.m = m;
        }

        @Override
        public void send(Destination to, byte[] body) {
            byte[] sig = Ed25519.sign(m.priv, body, 0, body.length);
            m.signs++;
            m.sent++;
            m.bytes += body.length;
            m.largest = Math.max(m.largest, body.length);
            byte[] signed = Arrays.copyOf(body, body.length + sig.length);
            System.arraycopy(sig, 0, signed, body.length, sig.length);
            net.send(m.id, to, signed);
        }

        @Override
        public void agreed(AgreementResult result) {
            m.agreed.add(result);
            m.agreedAt = runtime().clock().millis();
        }

        @Override
        public void failed(long run, String reason, Set<MemberId> silent) {
            m.failed.add(run + ": " + reason);
        }
    }
}
