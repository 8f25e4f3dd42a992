package org.miked.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.Destination;
import org.miked.api.policy.Credentials;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.EpochKey;
import org.miked.api.protocol.KeyServerContext;
import org.miked.api.runtime.HostRuntime;
import org.miked.common.crypto.KeyWrap;
import org.miked.common.crypto.Randoms;
import org.miked.common.wire.DecodeException;
import org.miked.lkh.core.BatchRekey;
import org.miked.lkh.core.ClientKeys;
import org.miked.lkh.core.LkhServer;
import org.miked.lkh.core.Nodes;
import org.miked.lkh.core.Registration;
import org.miked.lkh.wire.KeyMessage;
import org.miked.lkh.wire.LkhCodec;
import org.miked.testkit.AbstractContext;
import org.miked.testkit.TestNetwork;
import org.miked.testkit.TestPolicies;

/**
 * {@code ./miked bench lkh [iterations]}: LKH costs at n = 1,000 / 10,000 / 100,000 and degree 2 / 4 / 8,
 * each next to its formula (join log_d n, leave d log_d n, batch of L leaves L d log_d(N/L)), server CPU per
 * leave (ThreadMXBean, median) next to one AES key wrap measured in the same run, receiver CPU per rekey
 * and the server's heap per member.
 *
 * <p>The server is the real {@link LkhServer} with a context that only counts what it sends. Members are
 * pre-provisioned (individual keys in the credentials, as for EMCON receivers), which fills the tree
 * without n X25519 registrations; joins are real registrations (X25519, WELCOME). Leaves are evictions
 * of random members, each followed by a join that refills the slot, so n stays constant.
 */
public final class LkhBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private LkhBench() {
    }

    /** A context that counts what the server sends and drops it. */
    private static final class CountingCtx extends AbstractContext implements KeyServerContext {
        final List<byte[]> multicast = new ArrayList<>();
        long unicastBytes;

        CountingCtx(GroupPolicy policy, HostRuntime runtime) {
            super(policy, runtime);
        }

        @Override
        public void send(Destination to, byte[] body) {
            if (to instanceof Destination.Unicast) {
                unicastBytes += body.length;
            } else {
                multicast.add(body);
            }
        }

        @Override
        public void membershipChanged() {
        }
    }

    private record Row(int n, int d, double joinWraps, double joinBytes, double leaveWraps, double leaveBytes,
            double leavePackets, int batchWraps, long batchBytes, int batchPackets, double leaveCpuUs,
            double recvCpuUs, double bytesPerMember) {
    }

    public static void run(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 101;
        System.out.println("LKH benchmark (proto-lkh): key server = LkhServer, node keys 16 bytes, epoch key 32 bytes");
        System.out.println("warming up ...");
        measure(10_000, 4, 41, true);
        double floor = wrapFloorUs();
        List<Row> rows = new ArrayList<>();
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            for (int d : new int[] {2, 4, 8}) {
                rows.add(measure(n, d, iterations, false));
            }
        }
        double floor2 = wrapFloorUs();
        System.out.printf("%nfloor: one AES key wrap (16-byte key under a 16-byte KEK, BC RFC3394WrapEngine) = %.2f us"
                + " (start of run) / %.2f us (end)%n", floor, floor2);
        floor = Math.min(floor, floor2);
        System.out.printf("median of %d leaves (each a separate rekey) and %d joins per row; batch = 100 random leaves%n%n",
                iterations, iterations);
        System.out.printf("%-7s %-2s | %-22s | %-30s | %-28s | %-22s | %-9s | %-7s%n", "n", "d",
                "join wraps (log_d n)", "leave wraps (d log_d n) bytes", "batch100 wraps (formula) B/pk",
                "leave CPU us (x wrap)", "recv us", "B/memb");
        System.out.println("-".repeat(150));
        for (Row r : rows) {
            double lg = Math.log(r.n) / Math.log(r.d);
            double fJoin = lg;
            double fLeave = r.d * lg;
            double fBatch = 100 * r.d * Math.log(r.n / 100.0) / Math.log(r.d);
            System.out.printf("%-7d %-2d | %5.1f (%5.2f) x%4.2f  | %5.1f (%5.1f) x%4.2f %5.0fB/%3.1fp | %5d (%6.0f) x%4.2f %6d/%-3d | %7.1f (x%5.1f)      | %9.1f | %7.0f%n",
                    r.n, r.d, r.joinWraps, fJoin, r.joinWraps / fJoin, r.leaveWraps, fLeave, r.leaveWraps / fLeave,
                    r.leaveBytes, r.leavePackets, r.batchWraps, fBatch, r.batchWraps / fBatch, r.batchBytes,
                    r.batchPackets, r.leaveCpuUs, r.leaveCpuUs / floor, r.recvCpuUs, r.bytesPerMember);
        }
        System.out.println();
        System.out.println("join wraps: multicast node-key wraps (+1 epoch wrap not counted); join bytes incl. WELCOME below");
        for (Row r : rows) {
            if (r.n == 10_000 && r.d == 4) {
                System.out.printf("n = 10,000, d = 4: join %.0f B on the wire (multicast + WELCOME), leave %.0f B; "
                        + "leave CPU %.1f us (target < 100 us), leave wraps / formula %.2f (target <= 1.2)%n",
                        r.joinBytes, r.leaveBytes, r.leaveCpuUs,
                        r.leaveWraps / (4 * Math.log(10_000) / Math.log(4)));
            }
        }
    }

    private static double wrapFloorUs() {
        byte[] kek = new byte[16];
        byte[] key = new byte[16];
        new Random(1).nextBytes(kek);
        double[] samples = new double[31];
        for (int s = 0; s < samples.length; s++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < 2_000; i++) {
                key[0] ^= KeyWrap.wrap(kek, key)[3];
            }
            samples[s] = (CPU.getCurrentThreadCpuTime() - t0) / 2_000.0 / 1_000.0;
        }
        return median(samples);
    }

    private static double median(double[] a) {
        double[] c = a.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static Row measure(int n, int d, int iterations, boolean quiet) throws DecodeException {
        TestPolicies base = new TestPolicies("bench", 1, 7).param("lkh.degree", Integer.toString(d))
                .param("lkh.repeat", "1");
        MemberId s = TestPolicies.senderId(1);
        GroupPolicy sp = base.sender(s);
        Random rnd = new Random(n * 31L + d);
        Map<MemberId, byte[]> individual = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            byte[] k = new byte[16];
            rnd.nextBytes(k);
            individual.put(TestPolicies.receiverId(i), k);
        }
        Map<MemberId, byte[]> verify = new HashMap<>();
        List<MemberId> joiners = new ArrayList<>();
        for (int i = 0; i < iterations + 100; i++) {
            MemberId j = MemberId.of("j" + i);
            joiners.add(j);
            verify.put(j, new byte[32]);
        }
        GroupPolicy policy = sp.forHost(Role.SENDER, s, false, new Credentials(new byte[0], verify, individual));
        TestNetwork net = new TestNetwork(1);
        CountingCtx ctx = new CountingCtx(policy, net.runtime(s));
        long epoch = 0;
        var keys = Randoms.deterministic(n + d, "epoch");

        long heap0 = usedHeap();
        LkhServer server = new LkhServer(ctx);
        server.rekey(new EpochKey(++epoch, keys.bytes(32)));
        long heap1 = usedHeap();
        double perMember = (heap1 - heap0) / (double) n;

        // an observer receiver: the member on leaf 0, which follows every rekey
        MemberId observerId = null;
        for (MemberId m : new java.util.TreeSet<>(individual.keySet())) {
            observerId = m;
            break;
        }
        ClientKeys observer = new ClientKeys(d);
        observer.setLeaf(0, server.tree().version(Nodes.id(0, 0)),
                Registration.leafKey(policy.group(), observerId, individual.get(observerId)));
        byte[] ek = keys.bytes(32);
        server.rekey(new EpochKey(++epoch, ek));
        observer.apply(new KeyMessage(LkhCodec.KEYS, d, 0, 1, server.seq(), epoch, 0, 0, new byte[0],
                BatchRekey.chain(server.tree(), 0, ek)));

        List<MemberId> present = new ArrayList<>(individual.keySet());
        present.remove(observerId);
        present.sort(null);
        double[] leaveCpu = new double[iterations];
        double[] recvCpu = new double[iterations];
        double leaveWraps = 0;
        double leaveBytes = 0;
        double leavePackets = 0;
        double joinWraps = 0;
        double joinBytes = 0;
        for (int it = 0; it < iterations; it++) {
            MemberId victim = present.remove(rnd.nextInt(present.size()));
            server.evict(victim);
            ctx.multicast.clear();
            byte[] k = keys.bytes(32);
            long t0 = CPU.getCurrentThreadCpuTime();
            server.rekey(new EpochKey(++epoch, k));
            leaveCpu[it] = (CPU.getCurrentThreadCpuTime() - t0) / 1_000.0;
            var st = server.lastRekey();
            leaveWraps += st.nodeWraps();
            leaveBytes += st.bytes();
            leavePackets += st.packets();
            recvCpu[it] = follow(observer, ctx.multicast, true);
            if (observer.epoch() != epoch) {
                throw new IllegalStateException("observer lost track at epoch " + epoch);
            }
            // refill: a real registration (X25519) takes the freed slot
            MemberId j = joiners.get(it);
            server.onMessage(j, LkhCodec.register(Registration.generate(Randoms.deterministic(it, "j")).pub()));
            ctx.multicast.clear();
            long uni0 = ctx.unicastBytes;
            server.rekey(new EpochKey(++epoch, keys.bytes(32)));
            st = server.lastRekey();
            joinWraps += st.nodeWraps();
            joinBytes += st.bytes() + (ctx.unicastBytes - uni0);
            follow(observer, ctx.multicast, false);
            present.add(j);
        }
        // a batch of 100 leaves
        for (int i = 0; i < 100; i++) {
            server.evict(present.remove(rnd.nextInt(present.size())));
        }
        ctx.multicast.clear();
        server.rekey(new EpochKey(++epoch, keys.bytes(32)));
        var batch = server.lastRekey();
        if (!quiet) {
            System.out.printf("  n=%d d=%d done (height %d, %d members)%n", n, d, server.tree().height(),
                    server.members().size());
        }
        server.close();
        return new Row(n, d, joinWraps / iterations, joinBytes / iterations, leaveWraps / iterations,
                leaveBytes / iterations, leavePackets / iterations, batch.nodeWraps(), batch.bytes(), batch.packets(),
                median(leaveCpu), median(recvCpu), perMember);
    }

    /** Feeds the observer the packet of the last rekey that serves its leaf; returns the CPU time in us. */
    private static double follow(ClientKeys observer, List<byte[]> bodies, boolean timed) throws DecodeException {
        for (byte[] b : bodies) {
            long t0 = CPU.getCurrentThreadCpuTime();
            KeyMessage m = LkhCodec.decodeKeyMessage(b);
            if (observer.leaf() < m.lo() || observer.leaf() > m.hi()) {
                continue;
            }
            observer.apply(m);
            return timed ? (CPU.getCurrentThreadCpuTime() - t0) / 1_000.0 : 0;
        }
        return 0;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
