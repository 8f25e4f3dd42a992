package org.miked.lkh.core;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.miked.api.MemberId;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.KeyServerContext;

/**
 * A key server's backup role (issue 11, key-server failover): decides which of other servers' receivers
 * ({@code policy.backupReceivers()}) it serves, from what the senders' agreement says about who is down.
 *
 * <pre>
 *  GMF: run agreed among live senders --sendersAgreed(live)--> down = policy senders - live
 *    down becomes non-empty:  EMCON backup receivers (individual key provisioned here, not revoked) --> joins
 *                             REGISTER of a listed backup receiver --> admitted (as any join)
 *    down becomes empty:      EMCON backup receivers --> leaves at this batch (they go back to their primary)
 *                             registered backup receivers stay (no registration storm; their old registration
 *                             at the primary runs out by lease)
 *  REGISTER of a receiver neither served nor backed up here, or of a backup receiver while nobody is down
 *    --> REFUSE with the reason, lkh.backup.refused
 * </pre>
 *
 * The policy lists receiver ids only, not whose receivers they are: while any other sender is down the backup
 * serves every receiver it lists. With the usual layout (each sender backs up the receivers of one other) that is
 * exactly the dead server's receivers. Revoked and excluded receivers are never added ({@link Tree#admissible}):
 * a receiver evicted anywhere is revoked group-wide and stays out at the backup too.
 */
final class BackupService {
    /** What the backup needs of its server's key tree. */
    interface Tree {
        /** @return true if the receiver is neither excluded nor evicted */
        boolean admissible(MemberId receiver);

        /** @return true if the receiver is a member or a pending join */
        boolean holds(MemberId receiver);

        /** Adds an EMCON receiver from its provisioned individual key as a pending join. */
        void joinEmcon(MemberId receiver, byte[] individualKey);

        /** Removes a member (or a pending join) at the next rekey. */
        void leave(MemberId receiver);

        /** Joins or leaves are pending. */
        void changed();
    }

    private final KeyServerContext ctx;
    private final GroupPolicy policy;
    private final Tree tree;
    private final MemberId self;
    private Set<MemberId> down = Set.of();

    BackupService(KeyServerContext ctx, GroupPolicy policy, Tree tree) {
        this.ctx = ctx;
        this.policy = policy;
        this.tree = tree;
        this.self = ctx.runtime().self();
    }

    /** @return true while another sender is out of the agreement (backup receivers are served) */
    boolean active() {
        return !down.isEmpty();
    }

    /** @return the senders out of the last agreement */
    Set<MemberId> down() {
        return down;
    }

    /**
     * @param from a receiver that registers and is not yet a member
     * @return null to admit it, else the reason it is refused (counted, logged)
     */
    String refusal(MemberId from) {
        if (policy.serves(from)) {
            return null;
        }
        String why;
        if (!policy.backsUp(from)) {
            why = from + " is neither served nor backed up by " + self;
        } else if (!active()) {
            why = self + " backs up " + from + " only while a key server is down, and every sender is in the agreement";
        } else {
            ctx.count("lkh.backup.admitted");
            ctx.log("lkh server: backup: admitting " + from + " (senders down: " + down + ")");
            return null;
        }
        ctx.count("lkh.backup.refused");
        return why;
    }

    /** The senders' agreement has a run among exactly {@code live}. */
    void sendersAgreed(Set<MemberId> live) {
        Set<MemberId> now = new TreeSet<>(policy.senderIds());
        now.removeAll(live);
        now.remove(self);
        if (now.equals(down)) {
            return;
        }
        boolean was = active();
        down = Set.copyOf(now);
        if (policy.backupReceivers().isEmpty()) {
            return;
        }
        if (active()) {
            int added = addEmcon();
            ctx.log("lkh server: backup: senders down " + new TreeSet<>(down) + ": serving the "
                    + policy.backupReceivers().size() + " backup receivers, " + added + " EMCON from their provisioning");
        } else if (was) {
            int dropped = dropEmcon();
            ctx.log("lkh server: backup: every sender is back: " + dropped + " EMCON backup receivers go back to "
                    + "their key server at this batch; registered ones stay until they leave or their lease runs out");
        }
    }

    /** @return how many EMCON backup receivers became pending joins */
    private int addEmcon() {
        int n = 0;
        Map<MemberId, byte[]> provisioned = new TreeMap<>(policy.credentials().individualKeys());
        for (var e : provisioned.entrySet()) {
            MemberId r = e.getKey();
            if (policy.backsUp(r) && tree.admissible(r) && !tree.holds(r)) {
                tree.joinEmcon(r, e.getValue());
                ctx.count("lkh.backup.emcon-added");
                n++;
            }
        }
        if (n > 0) {
            tree.changed();
        }
        return n;
    }

    /** @return how many EMCON backup receivers will leave */
    private int dropEmcon() {
        int n = 0;
        for (MemberId r : new TreeSet<>(policy.credentials().individualKeys().keySet())) {
            if (policy.backsUp(r) && tree.holds(r)) {
                tree.leave(r);
                ctx.count("lkh.backup.emcon-released");
                n++;
            }
        }
        if (n > 0) {
            tree.changed();
        }
        return n;
    }
}
