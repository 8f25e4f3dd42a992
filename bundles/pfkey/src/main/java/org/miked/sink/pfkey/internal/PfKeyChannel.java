package org.miked.sink.pfkey.internal;

import org.miked.api.sa.SaException;
import org.miked.sink.pfkey.wire.PfKey;

/** Requests on a PF_KEY socket, one at a time; the kernel side of {@link PfKeySink}. */
interface PfKeyChannel extends AutoCloseable {
    /** @return a fresh sequence number */
    int nextSeq();

    /** @return the pid this channel puts in its messages (replies carry it back) */
    int pid();

    /**
     * @param request the message (with {@link #nextSeq()} and {@link #pid()})
     * @return the kernel's reply to it (errno in the header, 0 on success)
     * @throws SaException if the socket failed or no reply came in time
     */
    PfKey.Message request(PfKey.Message request) throws SaException;

    @Override
    void close();
}
