package org.miked.sink.xfrm.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.miked.api.sa.SaException;
import org.miked.kernel.KernelChannel;
import org.miked.kernel.KernelSocket;
import org.miked.sink.xfrm.wire.XfrmCodec;

/**
 * The real XFRM channel: a {@code NETLINK_XFRM} socket for requests (extended ACKs on, so refusals carry
 * the kernel's own explanation) and a second one bound to the expire multicast group, each read by a
 * {@link KernelChannel}; {@link XfrmCodec.Expire} notifications go to the consumer.
 */
final class NetlinkXfrmChannel implements XfrmChannel {
    static final int NETLINK_XFRM = 6;

    private final KernelChannel<XfrmCodec.Message> requests;
    private final KernelChannel<XfrmCodec.Message> events;
    private final AtomicInteger seq = new AtomicInteger((int) (System.nanoTime() & 0x3fffffff));

    private NetlinkXfrmChannel(KernelChannel<XfrmCodec.Message> requests, KernelChannel<XfrmCodec.Message> events) {
        this.requests = requests;
        this.events = events;
    }

    /**
     * @param onExpire receives expire notifications on the events channel's thread
     * @return an open channel
     * @throws KernelSocket.Failure if a socket cannot be opened or bound (errno says why)
     */
    static NetlinkXfrmChannel open(Consumer<XfrmCodec.Expire> onExpire) throws KernelSocket.Failure {
        KernelSocket req = KernelSocket.open(KernelSocket.AF_NETLINK, KernelSocket.SOCK_RAW, NETLINK_XFRM);
        KernelChannel<XfrmCodec.Message> requests;
        try {
            req.bindNetlink(0);
            req.setInt(KernelSocket.SOL_NETLINK, KernelSocket.NETLINK_EXT_ACK, 1);
            req.setInt(KernelSocket.SOL_NETLINK, KernelSocket.NETLINK_CAP_ACK, 1);
        } catch (KernelSocket.Failure e) {
            req.close();
            throw e;
        }
        requests = KernelChannel.start("XFRM netlink", "miked-xfrm-replies", req, XfrmCodec::decode, null);
        try {
            KernelSocket ev = KernelSocket.open(KernelSocket.AF_NETLINK, KernelSocket.SOCK_RAW, NETLINK_XFRM);
            try {
                ev.bindNetlink(XfrmCodec.XFRMGRP_EXPIRE);
            } catch (KernelSocket.Failure e) {
                ev.close();
                throw e;
            }
            return new NetlinkXfrmChannel(requests, KernelChannel.start("XFRM notification", "miked-xfrm-expire", ev,
                    XfrmCodec::decode, m -> {
                        if (m instanceof XfrmCodec.Expire x) {
                            onExpire.accept(x);
                        }
                    }));
        } catch (KernelSocket.Failure e) {
            requests.close();
            throw e;
        }
    }

    @Override
    public int nextSeq() {
        return seq.incrementAndGet();
    }

    @Override
    public XfrmCodec.Message request(byte[] message, int s) throws SaException {
        return requests.request(message, m -> m.seq() == s
                && (m instanceof XfrmCodec.Error || m instanceof XfrmCodec.Sa || m instanceof XfrmCodec.Policy),
                "seq " + s);
    }

    @Override
    public void close() {
        events.close();
        requests.close();
    }
}
