package org.miked.api.auth;

import java.util.List;
import org.miked.api.MemberId;
import org.osgi.annotation.versioning.ConsumerType;

/** One host's authentication state for one group and one message class. */
@ConsumerType
public interface AuthSession {
    /**
     * @param message the framed message (covers group, sender, epoch, sequence)
     * @return the sealed message as sent on the wire
     * @throws IllegalStateException if this host holds no credential to sign with
     */
    byte[] seal(byte[] message);

    /**
     * @param claimedSender the sender named in the unverified header
     * @param sealed what arrived (hostile input)
     * @return messages authenticated by this call (possibly earlier ones; possibly none yet)
     * @throws AuthException if the message is forged, truncated or from an unknown signer
     */
    List<Authenticated> open(MemberId claimedSender, byte[] sealed) throws AuthException;

    /** @return bytes the scheme adds to each message */
    int overhead();

    /** Stops timers and forgets keys; the GMF calls it when the group stops using the session. */
    default void close() {
    }
}
