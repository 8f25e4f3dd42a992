package org.miked.gmf.wire;

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
     */
    record Hello(long run, long epoch, int state) implements Control {
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

        public boolean keyed() {
            return state == KEYED;
        }
    }

    /** The sender moved to {@code epoch} within {@code run} (a batch of joins or leaves, or renewal). */
    record Epoch(long run, long epoch) implements Control {
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
}
