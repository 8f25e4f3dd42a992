package org.miked.simulator;

import org.miked.api.policy.KeyTiming;

/**
 * A simulation scenario. Every field has a default (the built-in scenario, {@link #DEFAULT}).
 *
 * @param name label shown in reports
 * @param senders number of senders (1..25), each key server of its share of receivers
 * @param receivers receivers present from the start
 * @param loss probability that a datagram copy is lost on a link, [0, 1)
 * @param delayMs one-way link delay
 * @param jitterMs extra uniform delay on top of delayMs
 * @param seed seed of everything random in the run
 * @param agreement key-agreement protocol among senders (bd, gdh2, gdh3)
 * @param distribution key-distribution protocol (lkh)
 * @param lkhDegree degree of the key trees
 * @param joins receivers that join during the run
 * @param leaves receivers that leave during the run
 * @param emconFraction fraction of receivers in EMCON, [0, 1]
 * @param durationS simulated seconds
 * @param batchMs joins and leaves within this interval form one rekey
 * @param rekeyAuth authentication of rekey messages (sig, tesla)
 * @param rekeyChannels {@code per-server} (each key server multicasts its rekeys on its own address, which
 *     only its receivers join) or {@code shared} (every server's rekeys reach every receiver)
 * @param bitFlips probability that a datagram copy has one bit flipped in flight, [0, 0.5]
 * @param forgeries datagrams per simulated second that an outsider forges: a key server's latest multicast,
 *     re-signed with the outsider's own key, sent to that server's receivers
 * @param faults crashes, partitions and silent leaves injected during the run ({@link Faults#NONE}: none)
 * @param leaseS every policy's {@code leaseSeconds}: a receiver that renewed nothing for this long leaves its
 *     key server's tree at the next batch (0: no lease)
 * @param dataRatePps application packets per second each present sender emits on the data plane (0: off, the
 *     default; docs/data-plane.md)
 * @param dataBytes the size of one application packet in bytes: only counted, never sent through the network
 * @param timing every policy's {@link KeyTiming} (activation and deactivation delays, the lead of a rekey without
 *     secrecy urgency); {@link KeyTiming#DEFAULT} unless the scenario says otherwise
 */
public record Scenario(String name, int senders, int receivers, double loss, long delayMs, long jitterMs, long seed,
        String agreement, String distribution, int lkhDegree, int joins, int leaves, double emconFraction,
        long durationS, long batchMs, String rekeyAuth, String rekeyChannels, double bitFlips, int forgeries,
        Faults faults, long leaseS, int dataRatePps, int dataBytes, KeyTiming timing) {

    /** Values of {@code rekeyChannels}. */
    public static final java.util.List<String> REKEY_CHANNELS = java.util.List.of("per-server", "shared");

    /** Default {@code dataRatePps}: the data plane is off. */
    public static final int DEFAULT_DATA_RATE_PPS = 0;
    /** Default {@code dataBytes}. */
    public static final int DEFAULT_DATA_BYTES = 200;

    public Scenario {
        if (!REKEY_CHANNELS.contains(rekeyChannels)) {
            throw new IllegalArgumentException("rekeyChannels must be one of " + REKEY_CHANNELS + ", got '"
                    + rekeyChannels + "'");
        }
        if (!(bitFlips >= 0 && bitFlips <= 0.5) || forgeries < 0) {
            throw new IllegalArgumentException("bitFlips must be in [0, 0.5] and forgeries >= 0: " + bitFlips + ", "
                    + forgeries);
        }
        java.util.Objects.requireNonNull(faults, "faults");
        if (leaseS < 0) {
            throw new IllegalArgumentException("leaseS must be 0 (no lease) or positive, got " + leaseS);
        }
        if (dataRatePps < 0 || dataBytes < 1) {
            throw new IllegalArgumentException("dataRatePps must be >= 0 and dataBytes >= 1: " + dataRatePps + ", "
                    + dataBytes);
        }
        java.util.Objects.requireNonNull(timing, "timing");
    }

    /** A scenario without a data plane and with the default key timing. */
    public Scenario(String name, int senders, int receivers, double loss, long delayMs, long jitterMs, long seed,
            String agreement, String distribution, int lkhDegree, int joins, int leaves, double emconFraction,
            long durationS, long batchMs, String rekeyAuth, String rekeyChannels, double bitFlips, int forgeries,
            Faults faults, long leaseS) {
        this(name, senders, receivers, loss, delayMs, jitterMs, seed, agreement, distribution, lkhDegree, joins,
                leaves, emconFraction, durationS, batchMs, rekeyAuth, rekeyChannels, bitFlips, forgeries, faults, leaseS,
                DEFAULT_DATA_RATE_PPS, DEFAULT_DATA_BYTES, KeyTiming.DEFAULT);
    }

    /** A scenario with the policy's default lease. */
    public Scenario(String name, int senders, int receivers, double loss, long delayMs, long jitterMs, long seed,
            String agreement, String distribution, int lkhDegree, int joins, int leaves, double emconFraction,
            long durationS, long batchMs, String rekeyAuth, String rekeyChannels, double bitFlips, int forgeries,
            Faults faults) {
        this(name, senders, receivers, loss, delayMs, jitterMs, seed, agreement, distribution, lkhDegree, joins,
                leaves, emconFraction, durationS, batchMs, rekeyAuth, rekeyChannels, bitFlips, forgeries, faults,
                org.miked.api.policy.GroupPolicy.DEFAULT_LEASE_SECONDS);
    }

    /** A scenario without faults. */
    public Scenario(String name, int senders, int receivers, double loss, long delayMs, long jitterMs, long seed,
            String agreement, String distribution, int lkhDegree, int joins, int leaves, double emconFraction,
            long durationS, long batchMs, String rekeyAuth, String rekeyChannels, double bitFlips, int forgeries) {
        this(name, senders, receivers, loss, delayMs, jitterMs, seed, agreement, distribution, lkhDegree, joins,
                leaves, emconFraction, durationS, batchMs, rekeyAuth, rekeyChannels, bitFlips, forgeries, Faults.NONE);
    }

    /** A scenario with per-server rekey channels, no bit flips and no forgeries. */
    public Scenario(String name, int senders, int receivers, double loss, long delayMs, long jitterMs, long seed,
            String agreement, String distribution, int lkhDegree, int joins, int leaves, double emconFraction,
            long durationS, long batchMs, String rekeyAuth) {
        this(name, senders, receivers, loss, delayMs, jitterMs, seed, agreement, distribution, lkhDegree, joins,
                leaves, emconFraction, durationS, batchMs, rekeyAuth, "per-server", 0, 0);
    }

    /** The built-in scenario: a scaled-down figure 1 of the paper. */
    public static final Scenario DEFAULT = new Scenario("figure-1-small", 5, 400, 0.05, 20, 10, 1, "bd", "lkh", 4, 20,
            20, 0.1, 60, 500, "sig");

    /**
     * @param channels {@code per-server} or {@code shared}
     * @return this scenario with other rekey channels
     */
    public Scenario withRekeyChannels(String channels) {
        return new Scenario(name, senders, receivers, loss, delayMs, jitterMs, seed, agreement, distribution, lkhDegree,
                joins, leaves, emconFraction, durationS, batchMs, rekeyAuth, channels, bitFlips, forgeries, faults, leaseS,
                dataRatePps, dataBytes, timing);
    }

    /**
     * @param flips bit-flip probability per copy
     * @param forged forged datagrams per simulated second
     * @return this scenario with an attacker in flight
     */
    public Scenario withAttacks(double flips, int forged) {
        return new Scenario(name, senders, receivers, loss, delayMs, jitterMs, seed, agreement, distribution, lkhDegree,
                joins, leaves, emconFraction, durationS, batchMs, rekeyAuth, rekeyChannels, flips, forged, faults, leaseS,
                dataRatePps, dataBytes, timing);
    }

    /**
     * @param injected crashes, partitions and silent leaves
     * @return this scenario with those faults
     */
    public Scenario withFaults(Faults injected) {
        return new Scenario(name, senders, receivers, loss, delayMs, jitterMs, seed, agreement, distribution, lkhDegree,
                joins, leaves, emconFraction, durationS, batchMs, rekeyAuth, rekeyChannels, bitFlips, forgeries, injected,
                leaseS, dataRatePps, dataBytes, timing);
    }

    /**
     * @param seconds every policy's {@code leaseSeconds} (0: no lease)
     * @return this scenario with that lease
     */
    public Scenario withLease(long seconds) {
        return new Scenario(name, senders, receivers, loss, delayMs, jitterMs, seed, agreement, distribution, lkhDegree,
                joins, leaves, emconFraction, durationS, batchMs, rekeyAuth, rekeyChannels, bitFlips, forgeries, faults,
                seconds, dataRatePps, dataBytes, timing);
    }

    /**
     * @param ratePps application packets per second per sender (0: off)
     * @param bytes size of one (only counted)
     * @return this scenario with that data plane
     */
    public Scenario withData(int ratePps, int bytes) {
        return new Scenario(name, senders, receivers, loss, delayMs, jitterMs, seed, agreement, distribution, lkhDegree,
                joins, leaves, emconFraction, durationS, batchMs, rekeyAuth, rekeyChannels, bitFlips, forgeries, faults,
                leaseS, ratePps, bytes, timing);
    }

    /**
     * @param t every policy's key timing
     * @return this scenario with that timing
     */
    public Scenario withTiming(KeyTiming t) {
        return new Scenario(name, senders, receivers, loss, delayMs, jitterMs, seed, agreement, distribution, lkhDegree,
                joins, leaves, emconFraction, durationS, batchMs, rekeyAuth, rekeyChannels, bitFlips, forgeries, faults,
                leaseS, dataRatePps, dataBytes, t);
    }

    /** @return total receivers that ever take part */
    public int totalReceivers() {
        return receivers + joins;
    }
}
