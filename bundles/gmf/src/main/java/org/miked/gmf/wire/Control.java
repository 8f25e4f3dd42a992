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

    /** Heartbeat: the sender's run, epoch and whether it holds the run's key. */
    record Hello(long run, long epoch, boolean keyed) implements Control {
    }

    /** The sender moved to {@code epoch} within {@code run} (a batch of joins or leaves, or renewal). */
    record Epoch(long run, long epoch) implements Control {
    }

    /** The sender leaves the group. */
    record Bye(long run) implements Control {
    }
}
