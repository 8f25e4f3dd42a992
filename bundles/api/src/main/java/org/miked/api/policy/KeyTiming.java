package org.miked.api.policy;

/**
 * When a group's members switch to a new epoch's MSAs (DESIGN.md, "Timing of key changes"; docs/hitless-rekeys.md).
 * A receiver installs a new epoch's inbound MSAs the moment its key arrives; a sender starts sending under its new
 * outbound MSA only {@code activationDelayMillis} after the epoch began (a rekey with secrecy urgency: a leave, an
 * eviction, a join, an operator's rekey, a change of the senders) or {@code rekeyLeadMillis} after it (a rekey
 * without: an MSA's lifetime, a periodic re-agreement), counted from when the sender that chose the epoch entered
 * it; members keep the MSAs of an epoch {@code deactivationDelayMillis} after its successor's switch.
 *
 * <pre>
 *  sender   |--- old out ---------------------------|--- new out ---------------------->
 *           T: new epoch (in MSAs installed)        T + activation: new out installed (Linux: newest wins)
 *  receiver ........|key arrives: new in installed
 *           |--- old in --------------------------------------------------|  T + activation + deactivation
 * </pre>
 *
 * The trade-off: a departed member can read what senders send for at most the activation delay after its key
 * server processed its departure; a receiver that gets the new key later than the activation delay loses the
 * packets sent until it does. 0 switches at once (the behaviour before issue 12).
 *
 * @param activationDelayMillis how long after an urgent epoch began its senders switch to it (0: at once)
 * @param deactivationDelayMillis how long after the switch to an epoch the MSAs of older epochs stay installed
 *     (packets in flight and senders that learned the epoch late still decrypt)
 * @param rekeyLeadMillis how long after a non-urgent epoch began its senders switch to it: the new key is
 *     distributed this far ahead of its use, so that a receiver that missed it can repair first; never less
 *     than the activation delay in effect
 */
public record KeyTiming(long activationDelayMillis, long deactivationDelayMillis, long rekeyLeadMillis) {
    /** Longest any of the three may be (one hour). */
    public static final long MAX_MILLIS = 3_600_000;
    /** Default activation delay (ms), chosen from measurements: docs/hitless-rekeys.md. */
    public static final long DEFAULT_ACTIVATION_MILLIS = 10_000;
    /** Default deactivation delay (ms). */
    public static final long DEFAULT_DEACTIVATION_MILLIS = 10_000;
    /** Default lead of a rekey without secrecy urgency (ms). */
    public static final long DEFAULT_LEAD_MILLIS = 30_000;
    /** The defaults. */
    public static final KeyTiming DEFAULT = new KeyTiming(DEFAULT_ACTIVATION_MILLIS, DEFAULT_DEACTIVATION_MILLIS,
            DEFAULT_LEAD_MILLIS);
    /** Switch at once, keep old MSAs 10 s: what the GMF did before issue 12. */
    public static final KeyTiming IMMEDIATE = new KeyTiming(0, 10_000, 0);

    public KeyTiming {
        check("activationDelayMillis", activationDelayMillis);
        check("deactivationDelayMillis", deactivationDelayMillis);
        check("rekeyLeadMillis", rekeyLeadMillis);
    }

    private static void check(String field, long v) {
        if (v < 0 || v > MAX_MILLIS) {
            throw new IllegalArgumentException(field + " must be 0.." + MAX_MILLIS + " ms, got " + v);
        }
    }

    /**
     * @param urgent true for a rekey with secrecy urgency
     * @return how long after the epoch began its senders switch to it
     */
    public long switchAfterMillis(boolean urgent) {
        return urgent ? activationDelayMillis : Math.max(activationDelayMillis, rekeyLeadMillis);
    }
}
