package org.miked.sink.xfrm.internal;

import org.miked.api.sa.SaException;
import org.miked.sink.xfrm.wire.XfrmCodec;

/** Requests to the kernel's XFRM netlink interface, one at a time; the kernel side of {@link XfrmSink}. */
interface XfrmChannel extends AutoCloseable {
    /** @return a fresh netlink sequence number */
    int nextSeq();

    /**
     * Sends a request and waits for its answer.
     *
     * @param message the request (its sequence number is {@code seq})
     * @param seq its sequence number
     * @return the kernel's answer: an {@link XfrmCodec.Error} (errno 0 = ACK), a {@link XfrmCodec.Sa} or a
     *     {@link XfrmCodec.Policy}
     * @throws SaException if the socket failed, the answer was malformed, or none came in time
     */
    XfrmCodec.Message request(byte[] message, int seq) throws SaException;

    @Override
    void close();
}
