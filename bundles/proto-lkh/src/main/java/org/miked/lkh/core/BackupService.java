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
 *    a backup receiver is covered while its key server is down (entry r@s: s in down; plain r: down not empty)
 *    becomes covered:   EMCON (individual key provisioned here, not revoked) --> join at this run's rekey
 *                       REGISTER of it --> admitted (as any join)
 *    no longer covered: EMCON --> leave at this rekey (it goes back to its own server)
 *                       registered ones stay (no registration storm; their old registration at their own
 *                       server runs out by lease); new REGISTERs of it are refused
 *  REGISTER of a receiver neither served nor backed up here, or of a backup receiver not covered
 *    --> REFUSE with the reason, lkh.backup.refused
 * </pre>
 *
 * A plain entry does not say whose receiver it is, so it is covered while any other sender is down; an entry
 * {@code receiver@keyServer} only while that server is. Revoked and excluded receivers are never added
 * ({@link Tree#admissible}): a receiver evicted anywhere is revoked group-wide and stays out at the backup too.
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

    /** @return true while another sender is out of the agreement */
    boolean active() {
        return !down.isEmpty();
    }

    /** @return true if this backup receiver's key server is down (for a plain entry: any other sender) */
    boolean covered(MemberId r) {
        MemberId primary = policy.backupPrimaries().get(r);
        return primary == null ? active() : down.contains(primary);
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
        } else if (!covered(from)) {
            MemberId primary = policy.backupPrimaries().get(from);
            why = self + " backs up " + from + " only while " + (primary == null ? "a key server" : primary)
                    + " is out of the agreement, and it is not";
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
        down = Set.copyOf(now);
        if (policy.backupReceivers().isEmpty()) {
            return;
        }
        int covered = 0;
        for (MemberId r : policy.backupReceivers()) {
            if (covered(r)) {
                covered++;
            }
        }
        int[] moved = emcon();
        ctx.log("lkh server: backup: senders down " + new TreeSet<>(down) + ": " + covered + " of the "
                + policy.backupReceivers().size() + " backup receivers covered; EMCON " + moved[0] + " added from their "
                + "provisioning, " + moved[1] + " released to their own key server (registered ones stay)");
    }

    /** Adds the covered EMCON backup receivers, releases the others: @return {added, released} */
    private int[] emcon() {
        int added = 0;
        int released = 0;
        Map<MemberId, byte[]> provisioned = new TreeMap<>(policy.credentials().individualKeys());
        for (var e : provisioned.entrySet()) {
            MemberId r = e.getKey();
            if (!policy.backsUp(r)) {
                continue;
            }
            boolean held = tree.holds(r);
            if (covered(r) && !held && tree.admissible(r)) {
                tree.joinEmcon(r, e.getValue());
                ctx.count("lkh.backup.emcon-added");
                added++;
            } else if (!covered(r) && held) {
                tree.leave(r);
                ctx.count("lkh.backup.emcon-released");
                released++;
            }
        }
        if (added + released > 0) {
            tree.changed();
        }
        return new int[] {added, released};
    }
}
