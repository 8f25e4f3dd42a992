package org.miked.gmf.core;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.Destination;
import org.miked.api.protocol.AgreementResult;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.HostRuntime;
import org.miked.gmf.wire.Control;

/**
 * Key confirmation of one agreement run at one sender: the run's key is used only once every member of the
 * run has shown, with a {@link ConfirmationTag}, that it holds the same secret and transcript. Whatever the
 * agreement protocol, a member that sent different values to different members (a split key) is caught
 * here: the members on either side of the split see each other's tags differ.
 *
 * <pre>
 *  session agreed(Ks) --> agreed(result): every member's expected tag under K_c; multicast own CONFIRM
 *  CONFIRM(run, have, tag) of member j --> kept (also before agreed)
 *      a copy of a tag already held (j is retransmitting) whose have lacks ours --> ours to j by unicast
 *  every RESEND_MS while a tag is missing: multicast own CONFIRM again (its bitmap says what is missing)
 *  every member's tag in: all as expected --> confirmed(result); else failed(naming those that differ)
 *  TIMEOUT_MS without a new tag --> failed(naming those that differ and those never heard)
 * </pre>
 * After the outcome it still answers retransmissions until the next run closes it, so that the others reach
 * the same outcome instead of timing out. Runs under the GMF lock; no wall clock, no threads.
 */
final class KeyConfirmation {
    /** A member that still misses a tag multicasts its own again this often. */
    static final long RESEND_MS = 250;
    /** The run fails after this long without a new tag. */
    static final long TIMEOUT_MS = 5_000;

    /** What a run's confirmation needs and where its outcome goes. */
    interface Port extends GroupEvents {
        /** @return clock and scheduler */
        HostRuntime rt();

        /** Sends a CONFIRM to the senders (multicast) or one sender (unicast). */
        void send(Control.Confirm confirm, Destination to);

        /** Every member of the run holds the same key: it may be used. */
        void confirmed(AgreementResult result);

        /**
         * The key must not be used.
         *
         * @param why one line
         * @param differing members whose tag differs from this member's expectation (another key or transcript)
         * @param silent members whose tag never arrived
         */
        void failed(String why, Set<MemberId> differing, Set<MemberId> silent);
    }

    private final Port port;
    private final GroupId group;
    private final long run;
    private final List<MemberId> members;
    private final int n;
    private final int self;
    private final byte[][] received;
    private final long[] lastAnswer;
    private long have;
    /** Members that sent two different tags in this run. */
    private long conflicting;
    /** Members whose latest CONFIRM lacked this host's tag. */
    private long lackOurs;
    private AgreementResult result;
    private byte[][] expected;
    private boolean done;
    private boolean closed;
    private Cancellable resend;
    private Cancellable timeout;

    /**
     * @param port outputs
     * @param group the group
     * @param run the run
     * @param members the run's members in the START's order (2 or more, this host among them)
     * @param self this host
     */
    KeyConfirmation(Port port, GroupId group, long run, List<MemberId> members, MemberId self) {
        this.port = port;
        this.group = group;
        this.run = run;
        this.members = List.copyOf(members);
        this.n = members.size();
        this.self = members.indexOf(self);
        if (n < 2 || n > Control.Confirm.MAX_N || this.self < 0) {
            throw new IllegalArgumentException("key confirmation among " + members + " at " + self);
        }
        this.received = new byte[n][];
        this.lastAnswer = new long[n];
        Arrays.fill(lastAnswer, Long.MIN_VALUE / 2);
    }

    /** @return members whose tag arrived so far (this host included once it agreed) */
    int confirmedCount() {
        return Long.bitCount(have);
    }

    /** The run's session agreed: compute the tags, send ours, and wait for the others'. */
    void agreed(AgreementResult r) {
        if (closed || result != null) {
            return;
        }
        result = r;
        if (!r.members().equals(members)) {
            finish();
            port.failed("the session agreed among " + r.members() + ", not the run's " + members, Set.of(), Set.of());
            return;
        }
        byte[] kc = ConfirmationTag.key(r.secret(), group, run);
        byte[] transcript = r.transcriptHash();
        expected = new byte[n][];
        for (int j = 0; j < n; j++) {
            expected[j] = ConfirmationTag.tag(kc, group, run, members, transcript, members.get(j));
        }
        received[self] = expected[self];
        have |= 1L << self;
        port.count("agreement.confirm-sent");
        port.send(own(), Destination.multicast(group, Audience.SENDERS));
        armTimeout();
        resend = port.rt().scheduler().schedule(RESEND_MS, this::resend);
        evaluate();
    }

    /** A CONFIRM of this run (the caller checked the run number) from an authenticated sender. */
    void onConfirm(MemberId from, Control.Confirm c) {
        if (closed) {
            return;
        }
        int j = members.indexOf(from);
        if (j < 0 || j == self) {
            port.count("control.confirm-not-a-member");
            return;
        }
        if (c.n() != n) {
            port.count("control.confirm-count");
            return;
        }
        byte[] tag = c.tag();
        boolean copy = received[j] != null;
        lackOurs = c.has(self) ? lackOurs & ~(1L << j) : lackOurs | 1L << j;
        if (!copy) {
            received[j] = tag;
            have |= 1L << j;
            if (result != null && !done) {
                armTimeout();
            }
        } else if (!ConfirmationTag.matches(received[j], tag) && (conflicting & 1L << j) == 0) {
            conflicting |= 1L << j;
            port.count("agreement.confirm-conflict");
            port.log("run " + run + ": " + from + " sent two different confirmations");
        }
        if (copy && expected != null && !c.has(self) && port.rt().clock().millis() - lastAnswer[j] >= RESEND_MS / 2) {
            // j retransmits, so it has waited a full interval, and it still lacks ours
            answer(j);
        }
        evaluate();
    }

    /** Sends ours to j: by unicast, or by one multicast when another member is known to lack it too. */
    private void answer(int j) {
        long now = port.rt().clock().millis();
        port.count("agreement.confirm-answered");
        if (Long.bitCount(lackOurs) > 1) {
            for (int k = 0; k < n; k++) {
                if ((lackOurs & 1L << k) != 0) {
                    lastAnswer[k] = now;
                }
            }
            port.send(own(), Destination.multicast(group, Audience.SENDERS));
        } else {
            lastAnswer[j] = now;
            port.send(own(), Destination.unicast(group, members.get(j)));
        }
    }

    private Control.Confirm own() {
        return new Control.Confirm(run, n, have, expected[self]);
    }

    private void evaluate() {
        if (done || result == null || Long.bitCount(have) < n) {
            return;
        }
        Set<MemberId> differing = differing();
        finish();
        if (differing.isEmpty()) {
            port.confirmed(result);
        } else {
            port.failed(differing + " confirmed another key or transcript", differing, Set.of());
        }
    }

    /** @return members whose tag is in and is not the one this host expects, or who sent two */
    private Set<MemberId> differing() {
        Set<MemberId> out = new TreeSet<>();
        for (int j = 0; j < n; j++) {
            boolean conflict = (conflicting & 1L << j) != 0;
            if (received[j] != null && (conflict || !ConfirmationTag.matches(received[j], expected[j]))) {
                out.add(members.get(j));
            }
        }
        return out;
    }

    private void resend() {
        if (done || closed) {
            return;
        }
        port.count("agreement.confirm-resent");
        port.send(own(), Destination.multicast(group, Audience.SENDERS));
        resend = port.rt().scheduler().schedule(RESEND_MS, this::resend);
    }

    private void armTimeout() {
        cancel(timeout);
        timeout = port.rt().scheduler().schedule(TIMEOUT_MS, this::expired);
    }

    private void expired() {
        if (done || closed) {
            return;
        }
        Set<MemberId> silent = new TreeSet<>();
        for (int j = 0; j < n; j++) {
            if (received[j] == null) {
                silent.add(members.get(j));
            }
        }
        Set<MemberId> differing = differing();
        finish();
        port.failed("no confirmation from " + silent + " for " + TIMEOUT_MS + " ms"
                + (differing.isEmpty() ? "" : "; " + differing + " confirmed another key or transcript"), differing, silent);
    }

    private void finish() {
        done = true;
        cancel(resend);
        cancel(timeout);
    }

    /** Stops for good: the next run replaces it, or the group stops. */
    void close() {
        closed = true;
        finish();
    }

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }
}
