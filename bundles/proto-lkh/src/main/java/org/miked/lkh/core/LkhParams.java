package org.miked.lkh.core;

import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.PolicyException;

/**
 * The {@code lkh.*} parameters of a group policy, read once when a session opens.
 *
 * @param degree {@code lkh.degree} (4): children per key-tree node, 2..64
 * @param repeat {@code lkh.repeat} (2): times each rekey packet is multicast
 * @param repeatMillis {@code lkh.repeatMillis} (300): spacing of the repeats
 * @param repairMillis {@code lkh.repairMillis} (1000): period of the server's repair tick (EMCON repairs,
 *     heartbeats)
 * @param repairRounds {@code lkh.repairRounds} (3): repair ticks that repeat the recent changes for EMCON
 *     members after each rekey
 * @param repairWindow {@code lkh.repairWindow} (3): rekeys whose changed nodes an EMCON repair covers
 * @param repairPackets {@code lkh.repairPackets} (2): most EMCON repair packets per tick (rate limit)
 * @param carouselCycles {@code lkh.carouselCycles} (3): full cycles of the EMCON key-chain carousel at one
 *     packet per repair tick after the last rekey (then it slows down to {@code carouselIdleMillis})
 * @param heartbeatMillis {@code lkh.heartbeatMillis} (5000): a heartbeat (sequence, epoch) when the
 *     server has multicast nothing for this long
 * @param registerRetryMillis {@code lkh.registerRetryMillis} (1000): first registration retransmission
 *     delay, doubled up to 8 s
 * @param repairDelayMillis {@code lkh.repairDelayMillis} (repeat * repeatMillis + 200): how long a receiver
 *     that noticed a gap waits for repeats before asking for a repair
 * @param repairJitterMillis {@code lkh.repairJitterMillis} (500): random extra wait (spreads requests)
 * @param silenceMillis {@code lkh.silenceMillis} (3 * heartbeat): a receiver that heard nothing valid from
 *     its server for this long asks for a repair
 * @param repairMinMillis {@code lkh.repairMinMillis} (200): the server answers one receiver's repair
 *     requests at most this often
 * @param maxBody {@code lkh.maxBody} (1072): largest message body the server sends, at most 1072
 * @param carouselIdleMillis {@code lkh.carouselIdleMillis} (heartbeat): after the fast cycles the carousel
 *     goes on with one packet this often, in place of the heartbeat, so that an EMCON receiver that missed a
 *     rekey and every repair of it still catches up; 0 stops the carousel until the next rekey
 * @param leaveMillis {@code lkh.leaveMillis} (60000): how long a leaving receiver retransmits LEAVE without
 *     an acknowledgement before it gives up
 */
public record LkhParams(int degree, int repeat, long repeatMillis, long repairMillis, int repairRounds,
        int repairWindow, int repairPackets, int carouselCycles, long heartbeatMillis, long registerRetryMillis,
        long repairDelayMillis, long repairJitterMillis, long silenceMillis, long repairMinMillis, int maxBody,
        long carouselIdleMillis, long leaveMillis) {

    /** Largest body the GMF carries in one IPv6 minimum-MTU packet (docs/gmf-contract.md). */
    public static final int MAX_BODY = 1072;

    /**
     * @param p the group policy
     * @return the parameters
     * @throws PolicyException if a value is out of range
     */
    public static LkhParams of(GroupPolicy p) {
        String g = p.group().name();
        int degree = range(p, "lkh.degree", 4, 2, 64);
        int repeat = range(p, "lkh.repeat", 2, 1, 10);
        long repeatMillis = range(p, "lkh.repeatMillis", 300, 1, 60_000);
        long repairMillis = range(p, "lkh.repairMillis", 1000, 10, 3_600_000);
        int rounds = range(p, "lkh.repairRounds", 3, 0, 100);
        int window = range(p, "lkh.repairWindow", 3, 1, 64);
        int packets = range(p, "lkh.repairPackets", 2, 1, 1000);
        int cycles = range(p, "lkh.carouselCycles", 3, 0, 1000);
        long heartbeat = range(p, "lkh.heartbeatMillis", 5000, 10, 3_600_000);
        long retry = range(p, "lkh.registerRetryMillis", 1000, 10, 600_000);
        long repairDelay = range(p, "lkh.repairDelayMillis", (int) (repeat * repeatMillis + 200), 0, 600_000);
        long jitter = range(p, "lkh.repairJitterMillis", 500, 0, 600_000);
        long silence = range(p, "lkh.silenceMillis", (int) Math.min(Integer.MAX_VALUE, 3 * heartbeat), 100,
                Integer.MAX_VALUE);
        long repairMin = range(p, "lkh.repairMinMillis", 200, 0, 600_000);
        int maxBody = range(p, "lkh.maxBody", MAX_BODY, 256, MAX_BODY);
        long idle = range(p, "lkh.carouselIdleMillis", (int) heartbeat, 0, 3_600_000);
        long leave = range(p, "lkh.leaveMillis", 60_000, 0, 3_600_000);
        if (g.isEmpty()) {
            throw new PolicyException(g, "group", "empty");
        }
        return new LkhParams(degree, repeat, repeatMillis, repairMillis, rounds, window, packets, cycles, heartbeat, retry,
                repairDelay, jitter, silence, repairMin, maxBody, idle, leave);
    }

    private static int range(GroupPolicy p, String key, int dflt, int min, int max) {
        int v = p.intParam(key, dflt);
        if (v < min || v > max) {
            throw new PolicyException(p.group().name(), key, v + " outside " + min + ".." + max);
        }
        return v;
    }
}
