package org.miked.gmf.wire;

import java.util.Arrays;
import java.util.List;
import org.miked.api.MemberId;

/** GMF control messages among the senders of a group. */
public sealed interface Control {
    /**
     * The coordinator starts agreement run {@code run} among {@code members}; its first epoch is
     * {@code baseEpoch}.
     */
    record Start(long run, long baseEpoch, List<MemberId> members) implements Control {
        public Start {
            members = List.copyOf(members);
        }
    }

    /**
     * Heartbeat: the sender's run, epoch and where it stands in that run.
     *
     * @param run the run the sender knows
     * @param epoch its current epoch (0 without a key)
     * @param state {@link #AGREEING}, {@link #KEYED} or {@link #FAILED}
     * @param switchAt the sender's next switch: when it starts sending under the oldest epoch it entered and has not
     *     switched to yet (its clock, ms; issue 12), 0 when it sends under its current epoch already
     * @param active the epoch it sends under now (0: none)
     */
    record Hello(long run, long epoch, int state, long switchAt, long active) implements Control {
        /** Taking part in the run (or waiting for its START). */
        public static final int AGREEING = 0;
        /** Holds the run's key. */
        public static final int KEYED = 1;
        /** Its session for the run failed: it needs a new run from the coordinator. */
        public static final int FAILED = 2;

        public Hello {
            if (state < AGREEING || state > FAILED) {
                throw new IllegalArgumentException("hello state " + state);
            }
        }

        /** A heartbeat of a sender that sends under its current epoch. */
        public Hello(long run, long epoch, int state) {
            this(run, epoch, state, 0, epoch);
        }

        public boolean keyed() {
            return state == KEYED;
        }
    }

    /**
     * The sender moved to {@code epoch} within {@code run} (a batch of joins or leaves, or renewal).
     *
     * @param switchAt the sender's next switch, as in {@link Hello}: for the epoch it just chose, its entry plus the
     *     activation delay or lead, or an earlier epoch's still pending (its clock, ms; a receiving sender clamps it to
     *     its own clock and policy), 0 when at once
     * @param active the epoch the sender sends under now
     */
    record Epoch(long run, long epoch, long switchAt, long active) implements Control {
        /** An epoch that switches at once. */
        public Epoch(long run, long epoch) {
            this(run, epoch, 0, epoch);
        }
    }

    /** The sender leaves the group. */
    record Bye(long run) implements Control {
    }

    /**
     * An operator's decision about a receiver, to hold at every sender (issue 10, findings 2 and 3).
     *
     * @param receiver the receiver
     * @param revoked true: evicted, refused by every key server; false: pardoned
     * @param at when the decision was taken (the deciding sender's clock, ms): the newest decision wins
     */
    record Revoke(org.miked.api.MemberId receiver, boolean revoked, long at) implements Control {
        public Revoke {
            java.util.Objects.requireNonNull(receiver, "receiver");
        }
    }

    /**
     * Key confirmation: the sender holds run {@code run}'s secret and proves it (docs/gmf-contract.md, "Key
     * confirmation"). Among senders only; authenticated by the envelope like every control message.
     *
     * @param run the run whose secret is confirmed
     * @param n the run's member count (the bitmap's length)
     * @param have bit i set: the sender holds the confirmation of the run's member at position i (its own
     *     included); a peer whose confirmation is missing there answers a retransmitted copy
     * @param tag {@link #TAG_BYTES} bytes: HMAC-SHA-256 under the run's confirmation key, truncated
     */
    record Confirm(long run, int n, long have, byte[] tag) implements Control {
        /** Bytes of a confirmation tag (HMAC-SHA-256 truncated to 128 bits, RFC 2104 section 5). */
        public static final int TAG_BYTES = 16;
        /** At most this many members: the bitmap is a long. */
        public static final int MAX_N = 64;

        public Confirm {
            if (n < 2 || n > MAX_N) {
                throw new IllegalArgumentException("confirm n " + n + " not in 2.." + MAX_N);
            }
            if (n < MAX_N && (have >>> n) != 0) {
                throw new IllegalArgumentException("confirm bitmap has bits at or above n = " + n);
            }
            if (tag.length != TAG_BYTES) {
                throw new IllegalArgumentException("confirm tag of " + tag.length + " bytes");
            }
            tag = tag.clone();
        }

        @Override
        public byte[] tag() {
            return tag.clone();
        }

        /** @return true if the sender holds the confirmation of the member at this position */
        public boolean has(int position) {
            return (have >>> position & 1) != 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Confirm c && c.run == run && c.n == n && c.have == have && Arrays.equals(c.tag, tag);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(run) * 31 + Long.hashCode(have) * 7 + n + Arrays.hashCode(tag);
        }

        @Override
        public String toString() {
            return "Confirm[run=" + run + ", n=" + n + ", have=" + Long.toBinaryString(have) + "]";
        }
    }
}
