package org.miked.api.dispatch;

import org.miked.api.MemberId;
import org.osgi.annotation.versioning.ProviderType;

/** Receives datagrams for one host; called on that host's event loop. */
// implemented only by the GMF; dispatchers only call it
@ProviderType
public interface DatagramHandler {
    /**
     * @param from the sending host as the dispatcher saw it (network source, not authenticated)
     * @param payload the datagram payload; untrusted, may be malformed; the handler must neither change it
     *     (a simulated network hands every receiver of a multicast the same array) nor keep a reference
     *     beyond the call
     */
    void onDatagram(MemberId from, byte[] payload);

    /**
     * Handles a datagram like {@link #onDatagram} and says, before returning, whether it authenticated. A
     * dispatcher that learns where unicast to a member goes from the source of that member's datagrams learns
     * (or refreshes) the address only when this returns true, so that forged or replayed datagrams cannot
     * move or flush a member's route. While the call runs, the dispatcher may route an answer to
     * {@code from} back to the datagram's source (a protocol answers a first contact in the same call).
     *
     * @param from the sender the datagram's envelope names, as the dispatcher read it (not authenticated)
     * @param payload the datagram payload, as for {@link #onDatagram}
     * @return true only if the payload authenticated, under its group's scheme, as the member {@code from}
     *     and carried at least one fresh (not replayed) envelope of that member; false for anything else
     *     (malformed, a group not joined, a bad seal, a replay, or a handler that cannot tell: the default
     *     delivers through {@link #onDatagram} and returns false). Never throws for untrusted input.
     * @since 2.2.0
     */
    default boolean deliver(MemberId from, byte[] payload) {
        onDatagram(from, payload);
        return false;
    }
}
