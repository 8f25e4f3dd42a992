package org.miked.api.protocol;

import org.miked.api.MemberId;
import org.osgi.annotation.versioning.ConsumerType;

/** A receiver's state machine towards its key server in one group. */
@ConsumerType
public interface KeyClientSession {
    /** Registers with the key server, or, in EMCON, starts listening with pre-provisioned keys. */
    void start();

    /**
     * @param from authenticated sender (the key server)
     * @param body protocol message (hostile input)
     */
    void onMessage(MemberId from, byte[] body);

    /**
     * Leaves the group: forgets keys at once and tells the server (unless in EMCON). A protocol whose leave
     * is acknowledged may go on retransmitting it; {@link #leaving()} says so, and the GMF keeps the session's
     * channel (sending and receiving, no keys) until it is done or the GMF gives up.
     */
    void leave();

    /** @return true while a leave is still being delivered (false for protocols that send it once) */
    default boolean leaving() {
        return false;
    }

    /** Cancels timers and forgets keys without telling anyone. */
    void close();
}
