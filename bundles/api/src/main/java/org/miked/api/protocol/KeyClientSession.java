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

    /** Leaves the group: tells the server (unless in EMCON) and forgets keys. */
    void leave();

    /** Cancels timers and forgets keys without telling anyone. */
    void close();
}
