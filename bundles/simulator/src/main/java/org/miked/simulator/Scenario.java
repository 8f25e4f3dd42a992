package org.miked.simulator;

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
 */
public record Scenario(String name, int senders, int receivers, double loss, long delayMs, long jitterMs, long seed,
        String agreement, String distribution, int lkhDegree, int joins, int leaves, double emconFraction,
        long durationS, long batchMs, String rekeyAuth, String rekeyChannels) {

    /** Values of {@code rekeyChannels}. */
    public static final java.util.List<String> REKEY_CHANNELS = java.util.List.of("per-server", "shared");

    public Scenario {
        if (!REKEY_CHANNELS.contains(rekeyChannels)) {
            throw new IllegalArgumentException("rekeyChannels must be one of " + REKEY_CHANNELS + ", got '"
                    + rekeyChannels + "'");
        }
    }

    /** A scenario with per-server rekey channels. */
    public Scenario(String name, int senders, int receivers, double loss, long delayMs, long jitterMs, long seed,
            String agreement, String distribution, int lkhDegree, int joins, int leaves, double emconFraction,
            long durationS, long batchMs, String rekeyAuth) {
        this(name, senders, receivers, loss, delayMs, jitterMs, seed, agreement, distribution, lkhDegree, joins,
                leaves, emconFraction, durationS, batchMs, rekeyAuth, "per-server");
    }

    /** The built-in scenario: a scaled-down figure 1 of the paper. */
    public static final Scenario DEFAULT = new Scenario("figure-1-small", 5, 400, 0.05, 20, 10, 1, "bd", "lkh", 4, 20,
            20, 0.1, 60, 500, "sig");

    /** @return total receivers that ever take part */
    public int totalReceivers() {
        return receivers + joins;
    }
}
