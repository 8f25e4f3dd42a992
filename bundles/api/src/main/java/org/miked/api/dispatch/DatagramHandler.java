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
}
