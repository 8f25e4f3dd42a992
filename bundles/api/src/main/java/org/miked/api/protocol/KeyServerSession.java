package org.miked.api.protocol;

import java.util.Set;
import org.miked.api.MemberId;
import org.osgi.annotation.versioning.ConsumerType;

/** A sender's key-server state machine for its receivers in one group. */
@ConsumerType
public interface KeyServerSession {
    /**
     * Distributes a new epoch key, applying all pending joins and leaves in one batch rekey.
     *
     * @param key the new epoch key
     */
    void rekey(EpochKey key);

    /**
     * @param from authenticated sender (a receiver: registration, leave, repair request)
     * @param body protocol message (hostile input)
     */
    void onMessage(MemberId from, byte[] body);

    /**
     * Removes a receiver administratively (policy change, operator); takes effect at the next rekey.
     *
     * @param receiver the receiver
     */
    void evict(MemberId receiver);

    /**
     * Lifts an eviction: the receiver may register again. The default does nothing (a protocol that keeps no
     * evictions of its own: the GMF keeps the group-wide list).
     *
     * @param receiver the receiver
     */
    default void pardon(MemberId receiver) {
    }

    /**
     * The senders' agreement has a new run among exactly these senders (this one included); the GMF calls it
     * before the run's first {@link #rekey}. A sender of the policy that is not among them is down for the key
     * server: one that backs up other servers' receivers ({@code policy.backupReceivers()}) serves them from now
     * on, and stops taking new ones when every sender is back (issue 11, key-server failover). Never fails. The
     * default does nothing (a protocol without failover).
     *
     * @param live the senders of the run, in id order
     * @since 2.4.0
     */
    default void sendersAgreed(Set<MemberId> live) {
    }

    /** @return receivers currently holding keys of this server (after the last rekey) */
    Set<MemberId> members();

    /** Cancels timers and forgets keys. */
    void close();
}
