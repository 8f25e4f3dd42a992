package org.miked.auth.tesla.core;

import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.PolicyException;
import org.miked.auth.tesla.wire.TrailerCodec;

/**
 * The {@code tesla.*} parameters of a group policy. The key server's values reach receivers through the
 * signed bootstrap; a receiver reads only {@code maxSkewMillis}, {@code bufferLimit}, {@code pendingLimit} and
 * {@code maxHashSteps} from its own policy.
 *
 * @param chainLength L, keys per chain (intervals 1..L carry MACs)
 * @param intervalMillis T
 * @param delayIntervals d
 * @param macBytes truncated MAC length
 * @param maxSkewMillis upper bound on how far the key server's clock may run ahead of a receiver's
 * @param bufferLimit messages of authenticated chains a receiver keeps while their keys are not disclosed
 * @param bootstrapMillis a bootstrap goes out with traffic at most this often
 * @param disclosureCopies messages that disclose the key of the last MAC'd interval before the key server
 *     goes quiet
 * @param disclosureSpacingMillis spacing of the key server's own key disclosures
 * @param pendingLimit messages of chains not authenticated yet a receiver keeps, apart from bufferLimit
 * @param maxHashSteps chain steps F a receiver spends on the disclosed keys of one datagram; a key further
 *     ahead of the newest authenticated one waits for a signed bootstrap
 */
public record TeslaParams(int chainLength, int intervalMillis, int delayIntervals, int macBytes, int maxSkewMillis,
        int bufferLimit, int bootstrapMillis, int disclosureCopies, int disclosureSpacingMillis, int pendingLimit,
        int maxHashSteps) {
    public static final int DEFAULT_CHAIN_LENGTH = 3600;
    public static final int DEFAULT_INTERVAL_MILLIS = 100;
    /** 5, not 2: with T = 100 ms and a 200 ms skew bound a message must arrive within d*T - skew - T. */
    public static final int DEFAULT_DELAY_INTERVALS = 5;
    public static final int DEFAULT_MAC_BYTES = 10;
    public static final int DEFAULT_MAX_SKEW_MILLIS = 200;
    public static final int DEFAULT_BUFFER_LIMIT = 256;
    public static final int DEFAULT_BOOTSTRAP_MILLIS = 1000;
    public static final int DEFAULT_DISCLOSURE_COPIES = 3;
    public static final int DEFAULT_DISCLOSURE_SPACING_MILLIS = 200;
    /** About 6 s of messages at 10/s whose chain's bootstrap was lost; bootstraps come every second. */
    public static final int DEFAULT_PENDING_LIMIT = 64;
    /**
     * 64 steps (about 75 us, one or two Ed25519 verifications): 6.4 s of intervals at T = 100 ms, more than LKH's
     * 5-s heartbeat; a longer gap is bridged by the signed bootstrap that follows any traffic after 1 s.
     */
    public static final int DEFAULT_MAX_HASH_STEPS = 64;

    /**
     * @param policy the group policy
     * @return its parameters
     * @throws PolicyException naming the field that is not an integer or out of range
     */
    public static TeslaParams from(GroupPolicy policy) {
        String g = policy.group().name();
        TeslaParams p = new TeslaParams(
                range(policy, "tesla.chainLength", DEFAULT_CHAIN_LENGTH, 2, 1 << 20),
                range(policy, "tesla.intervalMillis", DEFAULT_INTERVAL_MILLIS, 1, 3_600_000),
                range(policy, "tesla.delayIntervals", DEFAULT_DELAY_INTERVALS, 1, 255),
                range(policy, "tesla.macBytes", DEFAULT_MAC_BYTES, TrailerCodec.MIN_MAC_BYTES, TrailerCodec.MAX_MAC_BYTES),
                range(policy, "tesla.maxSkewMillis", DEFAULT_MAX_SKEW_MILLIS, 0, 3_600_000),
                range(policy, "tesla.bufferLimit", DEFAULT_BUFFER_LIMIT, 1, 1 << 20),
                range(policy, "tesla.bootstrapMillis", DEFAULT_BOOTSTRAP_MILLIS, 1, 3_600_000),
                range(policy, "tesla.disclosureCopies", DEFAULT_DISCLOSURE_COPIES, 1, 100),
                range(policy, "tesla.disclosureSpacingMillis", DEFAULT_DISCLOSURE_SPACING_MILLIS, 1, 3_600_000),
                range(policy, "tesla.pendingLimit", DEFAULT_PENDING_LIMIT, 1, 1 << 20),
                range(policy, "tesla.maxHashSteps", DEFAULT_MAX_HASH_STEPS, 1, 1 << 20));
        if ((long) p.delayIntervals * p.intervalMillis <= p.maxSkewMillis) {
            throw new PolicyException(g, "tesla.delayIntervals", "d * T = " + p.delayIntervals + " * "
                    + p.intervalMillis + " ms must exceed tesla.maxSkewMillis (" + p.maxSkewMillis
                    + " ms) plus the network delay, or no message can ever be accepted");
        }
        if (p.chainLength <= p.delayIntervals) {
            throw new PolicyException(g, "tesla.chainLength", p.chainLength + " must exceed tesla.delayIntervals ("
                    + p.delayIntervals + ")");
        }
        return p;
    }

    private static int range(GroupPolicy policy, String key, int dflt, int min, int max) {
        int v = policy.intParam(key, dflt);
        if (v < min || v > max) {
            throw new PolicyException(policy.group().name(), key, v + " outside " + min + ".." + max);
        }
        return v;
    }
}
