package org.miked.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.miked.common.crypto.Ed25519;

/** Timing helpers the benchmarks share: medians, thread CPU time, and primitive floors. */
final class Timing {
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private Timing() {
    }

    static double median(double[] a) {
        double[] b = a.clone();
        Arrays.sort(b);
        return b[b.length / 2];
    }

    /**
     * Ed25519 verification with a cached public key, as {@code SigSession} does: the median over
     * {@code rounds} of the thread CPU per verification of 200 verifications of {@code message}.
     *
     * @param message the signed message (e.g. a rekey datagram without its signature)
     * @param rounds rounds
     * @return microseconds per verification
     */
    static double ed25519VerifyUs(byte[] message, int rounds) {
        Ed25519.Signer signer = Ed25519.signer(new byte[32]);
        byte[] sig = signer.sign(message, 0, message.length);
        Ed25519.Verifier verifier = Ed25519.verifier(signer.publicKey());
        double[] us = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int k = 0; k < 200; k++) {
                if (!verifier.verify(message, 0, message.length, sig, 0)) {
                    throw new IllegalStateException("signature did not verify");
                }
            }
            us[r] = (CPU.getCurrentThreadCpuTime() - t0) / 200.0 / 1_000.0;
        }
        return median(us);
    }
}
