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

    /** @return receivers currently holding keys of this server (after the last rekey) */
    Set<MemberId> members();

    /** Cancels timers and forgets keys. */
    void close();
}
