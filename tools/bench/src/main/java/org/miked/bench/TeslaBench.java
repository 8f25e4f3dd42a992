package org.miked.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.miked.api.MemberId;
import org.miked.api.auth.AuthException;
import org.miked.api.auth.AuthSession;
import org.miked.auth.tesla.core.TeslaCrypto;
import org.miked.auth.tesla.core.TeslaParams;
import org.miked.auth.tesla.core.TeslaReceiver;
import org.miked.auth.tesla.internal.TeslaScheme;
import org.miked.common.crypto.Ed25519;
import org.miked.common.event.VirtualTime;
import org.miked.testkit.TestPolicies;
import org.miked.testkit.TestRuntime;

/**
 * {@code ./miked bench tesla [rounds]}: what a receiver pays to authenticate one rekey message of its key
 * server, TESLA ({@code rekeyAuth = tesla}, default parameters) against an Ed25519 signature ({@code sig}),
 * both measured in this run on the same 934-byte message (37-byte GMF envelope + a 897-byte LKH leave packet).
 *
 * <ul>
 * <li>Ed25519: verification with a cached public key, as {@code SigSession} does.</li>
 * <li>TESLA steady state: the key server seals one message per 100 ms interval for a minute (600 messages)
 * and emits its bootstraps and disclosures; a fresh receiver opens every datagram 10 ms after it was sent;
 * the receiver's thread CPU for all opens (trailer decode, security condition, buffering, key hashing, MAC,
 * bootstraps authenticated by hashing) divided by the messages it authenticated. The first bootstrap
 * (one Ed25519 verification per receiver and chain, 6 min with L = 3,600) is reported apart.</li>
 * <li>Bytes: per message, and for whole rekeys including the scheme's own messages (bootstrap, key
 * disclosures), each framed in a 37-byte envelope.</li>
 * </ul>
 */
public final class TeslaBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final MemberId S1 = TestPolicies.senderId(1);
    private static final MemberId R1 = TestPolicies.receiverId(1);
    private static final int ENVELOPE = 37;
    private static final int MESSAGE = ENVELOPE + 897;

    private record Datagram(long at, byte[] sealed, boolean own) {
    }

    private TeslaBench() {
    }

    public static void run(String[] args) throws AuthException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 31;
        TestPolicies policies = new TestPolicies("g", 1, 7);
        byte[] message = new byte[MESSAGE];
        new java.util.Random(7).nextBytes(message);

        // Ed25519 as sig does it
        double edUs = Timing.ed25519VerifyUs(message, rounds);

        // TESLA: one minute of traffic, one message per interval
        List<Datagram> minute = traffic(policies, message, 600, TeslaParams.DEFAULT_INTERVAL_MILLIS);
        double[] tesla = new double[rounds];
        double[] first = new double[rounds];
        long authenticated = 0;
        for (int r = 0; r < rounds; r++) {
            VirtualTime clock = new VirtualTime();
            TeslaReceiver rx = (TeslaReceiver) new TeslaScheme().open(policies.receiver(R1, S1, false),
                    new TestRuntime(R1, clock, 7));
            // the first bootstrap (one Ed25519 verification) is timed apart; the rest in one span
            int k = 0;
            long firstBoot = 0;
            while (rx.counter("bootstrap.verified") == 0) {
                Datagram d = minute.get(k++);
                clock.runUntil(d.at() + 10);
                long t0 = CPU.getCurrentThreadCpuTime();
                rx.open(S1, d.sealed());
                firstBoot = CPU.getCurrentThreadCpuTime() - t0;
            }
            long before = rx.counter("authenticated");
            long t0 = CPU.getCurrentThreadCpuTime();
            for (; k < minute.size(); k++) {
                Datagram d = minute.get(k);
                clock.runUntil(d.at() + 10);
                rx.open(S1, d.sealed());
            }
            long cpu = CPU.getCurrentThreadCpuTime() - t0;
            authenticated = rx.counter("authenticated");
            if (authenticated != 600 || rx.counter("rejected") != 0) {
                throw new IllegalStateException("receiver authenticated " + authenticated + ": " + rx.counters());
            }
            authenticated -= before;
            tesla[r] = cpu / (double) authenticated / 1_000.0;
            first[r] = firstBoot / 1_000.0;
        }
        TeslaCrypto c = new TeslaCrypto();
        byte[] key = new byte[16];
        double[] hmac = new double[rounds];
        double[] step = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int k = 0; k < 2_000; k++) {
                c.mac(key, 1, k, message, message.length, 10);
            }
            hmac[r] = (CPU.getCurrentThreadCpuTime() - t0) / 2_000.0 / 1_000.0;
            t0 = CPU.getCurrentThreadCpuTime();
            key = c.hash(key, 2_000);
            step[r] = (CPU.getCurrentThreadCpuTime() - t0) / 2_000.0 / 1_000.0;
        }

        double teslaUs = Timing.median(tesla);
        System.out.printf("receiver CPU to authenticate one %d-byte rekey message (median of %d rounds)%n", MESSAGE, rounds);
        System.out.printf("  Ed25519 verify (sig)                         %8.2f us%n", edUs);
        System.out.printf("  TESLA, steady state (all work / message)     %8.2f us   Ed25519 / TESLA = %.1fx%n", teslaUs,
                edUs / teslaUs);
        System.out.printf("  TESLA, first bootstrap (once per chain)      %8.2f us%n", Timing.median(first));
        System.out.printf("  floor: HMAC-SHA-256 of the message %.2f us, one chain step F %.2f us%n%n", Timing.median(hmac),
                Timing.median(step));

        int teslaTrailer = new TeslaScheme().open(policies.receiver(R1, S1, false),
                new TestRuntime(R1, new VirtualTime(), 7)).overhead();
        System.out.printf("bytes added per message: sig %d, TESLA %d (%d in the first d intervals of a chain)%n",
                Ed25519.SIGNATURE_BYTES, teslaTrailer, teslaTrailer - 16);
        System.out.printf("%-44s %8s %8s %s%n", "rekey pattern (TESLA own messages framed)", "sig B", "TESLA B",
                "TESLA own messages");
        pattern(policies, message, "one leave (1 packet + repeat at 300 ms)", new long[] {0, 300});
        long[] batch = new long[122];
        for (int k = 0; k < 61; k++) {
            batch[k] = 0;
            batch[61 + k] = 300;
        }
        pattern(policies, message, "100-leave batch (61 packets, x2)", batch);
        long[] steady = new long[600];
        for (int k = 0; k < 600; k++) {
            steady[k] = k * 100L;
        }
        pattern(policies, message, "one message per 100 ms for 60 s", steady);
    }

    /** Seals messages at the given times (ms), then lets the key server disclose and fall silent. */
    private static List<Datagram> run(TestPolicies policies, byte[] message, long[] times) {
        VirtualTime clock = new VirtualTime();
        List<Datagram> out = new ArrayList<>();
        AuthSession[] s = new AuthSession[1];
        s[0] = new TeslaScheme().open(policies.sender(S1), new TestRuntime(S1, clock, 7),
                ignored -> out.add(new Datagram(clock.millis(), s[0].seal(new byte[ENVELOPE]), true)));
        for (long t : times) {
            clock.runUntil(t);
            out.add(new Datagram(clock.millis(), s[0].seal(message), false));
        }
        clock.runUntilIdle(Long.MAX_VALUE);
        return out;
    }

    private static List<Datagram> traffic(TestPolicies policies, byte[] message, int n, long every) {
        long[] times = new long[n];
        for (int k = 0; k < n; k++) {
            times[k] = k * every + 1;
        }
        return run(policies, message, times);
    }

    private static void pattern(TestPolicies policies, byte[] message, String name, long[] times) {
        List<Datagram> d = run(policies, message, times);
        long own = d.stream().filter(Datagram::own).count();
        long ownBytes = d.stream().filter(Datagram::own).mapToLong(x -> x.sealed().length).sum();
        long trailers = d.stream().filter(x -> !x.own()).mapToLong(x -> x.sealed().length - message.length).sum();
        System.out.printf("%-44s %8d %8d %d (%d B)%n", name, (long) times.length * Ed25519.SIGNATURE_BYTES,
                trailers + ownBytes, own, ownBytes);
    }
}
