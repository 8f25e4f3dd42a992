package org.miked.auth.tesla.core;

import java.util.function.Consumer;

/**
 * Decides whether a receiver's clock still meets TESLA's loose time synchronization (issue 10, finding 7),
 * from authenticated evidence only.
 *
 * <p>The security condition assumes the key server's clock is at most {@code maxSkewMillis} ahead of the
 * receiver's. Without transmitting (EMCON) a receiver cannot measure an upper bound on that offset, but it
 * can measure a lower bound: the key server discloses K_j only from interval j+d on, so an authenticated
 * K_j (hashed to the chain, or signed in a bootstrap) proves the key server's clock had reached
 * {@code T0 + (j+d)T} when it sent it:
 * <pre>
 *   key server clock - receiver clock  &gt;=  T0 + (j+d)T - arrival        (delay only lowers the bound)
 * </pre>
 * Once that bound exceeds {@code maxSkewMillis}, the assumption is false: messages that look fresh may
 * have been forged with keys already disclosed. The receiver is then out of sync for the rest of the
 * session: the bound cannot be lowered by later evidence, since an attacker can delay datagrams at will.
 * An attacker cannot raise it either: that needs a genuine key before its time.
 */
final class ClockCheck {
    private final long maxSkewMillis;
    private final Consumer<String> log;
    private final String who;
    private long offset = Long.MIN_VALUE;
    private String evidence = "";
    private boolean outOfSync;

    /**
     * @param maxSkewMillis the receiver's tesla.maxSkewMillis
     * @param log where the out-of-sync line goes
     * @param who names the receiver, group and key server in that line
     */
    ClockCheck(long maxSkewMillis, Consumer<String> log, String who) {
        this.maxSkewMillis = maxSkewMillis;
        this.log = log;
        this.who = who;
    }

    /**
     * @param senderReached a time the key server's clock had certainly reached when it sent the datagram
     * @param arrival the receiver's clock when the datagram arrived
     * @param what the authenticated evidence, for the log line
     * @return true if this evidence is the first to show the receiver out of sync
     */
    boolean observe(long senderReached, long arrival, String what) {
        long bound = senderReached - arrival;
        if (bound > offset) {
            offset = bound;
            evidence = what;
        }
        if (outOfSync || bound <= maxSkewMillis) {
            return false;
        }
        outOfSync = true;
        log.accept(who + ": TESLA receiver out of sync: the key server's clock is at least " + offset + " ms ahead of "
                + "this host's (measured from " + what + "), more than tesla.maxSkewMillis (" + maxSkewMillis
                + " ms); its TESLA messages are refused from now on. Fix this host's time (NTP, GPS) and rejoin.");
        return true;
    }

    /** @return true once the receiver's clock was shown to lag by more than maxSkewMillis */
    boolean outOfSync() {
        return outOfSync;
    }

    /** @return the largest measured lower bound of (key server clock - receiver clock), Long.MIN_VALUE if none */
    long offset() {
        return offset;
    }

    /** @return why a message is refused while out of sync */
    String refusal() {
        return "out of sync: the key server's clock is at least " + offset + " ms ahead of this host's (" + evidence
                + "), more than tesla.maxSkewMillis (" + maxSkewMillis + " ms): a TESLA MAC cannot be judged fresh";
    }
}
