package org.miked.sink.xfrm.internal;

import org.miked.kernel.KernelSocket;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.miked.api.sa.SaException;
import org.miked.common.wire.DecodeException;
import org.miked.sink.xfrm.wire.XfrmCodec;

/**
 * The real XFRM channel: a {@code NETLINK_XFRM} socket for requests (extended ACKs on, so refusals carry
 * the kernel's own explanation) and a second one bound to the expire multicast group, read by a daemon
 * thread that hands {@link XfrmCodec.Expire} notifications on.
 */
final class NetlinkXfrmChannel implements XfrmChannel {
    static final int NETLINK_XFRM = 6;
    private static final System.Logger LOG = System.getLogger("org.miked.sink.xfrm");
    private static final long TIMEOUT_MS = 5000;

    private final KernelSocket requests;
    private final KernelSocket events;
    private final AtomicInteger seq = new AtomicInteger((int) (System.nanoTime() & 0x3fffffff));
    private final byte[] rx = new byte[65536];
    private final Thread reader;
    private volatile boolean closed;

    private NetlinkXfrmChannel(KernelSocket requests, KernelSocket events, Consumer<XfrmCodec.Expire> onExpire) {
        this.requests = requests;
        this.events = events;
        this.reader = new Thread(() -> readEvents(onExpire), "miked-xfrm-expire");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param onExpire receives expire notifications on the reader thread
     * @return an open channel
     * @throws KernelSocket.Failure if a socket cannot be opened or bound (errno says why)
     */
    static NetlinkXfrmChannel open(Consumer<XfrmCodec.Expire> onExpire) throws KernelSocket.Failure {
        KernelSocket req = KernelSocket.open(KernelSocket.AF_NETLINK, KernelSocket.SOCK_RAW, NETLINK_XFRM);
        KernelSocket ev = null;
        try {
            req.bindNetlink(0);
            req.setInt(KernelSocket.SOL_NETLINK, KernelSocket.NETLINK_EXT_ACK, 1);
            req.setInt(KernelSocket.SOL_NETLINK, KernelSocket.NETLINK_CAP_ACK, 1);
            req.receiveTimeout(TIMEOUT_MS);
            ev = KernelSocket.open(KernelSocket.AF_NETLINK, KernelSocket.SOCK_RAW, NETLINK_XFRM);
            ev.bindNetlink(XfrmCodec.XFRMGRP_EXPIRE);
            ev.receiveTimeout(500);
        } catch (KernelSocket.Failure e) {
            req.close();
            if (ev != null) {
                ev.close();
            }
            throw e;
        }
        return new NetlinkXfrmChannel(req, ev, onExpire);
    }

    @Override
    public int nextSeq() {
        return seq.incrementAndGet();
    }

    @Override
    public synchronized XfrmCodec.Message request(byte[] message, int s) throws SaException {
        try {
            requests.send(message);
            long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
            while (System.nanoTime() < deadline) {
                int n = requests.receive(rx);
                if (n < 0) {
                    break;
                }
                for (XfrmCodec.Message m : XfrmCodec.decode(rx, n)) {
                    if (m.seq() == s && (m instanceof XfrmCodec.Error || m instanceof XfrmCodec.Sa)) {
                        return m;
                    }
                }
            }
            throw new SaException("XFRM: no answer from the kernel within " + TIMEOUT_MS + " ms (seq " + s + ")");
        } catch (KernelSocket.Failure e) {
            throw new SaException("XFRM netlink " + e.getMessage(), e);
        } catch (DecodeException e) {
            throw new SaException("XFRM: malformed answer from the kernel: " + e.getMessage(), e);
        }
    }

    private void readEvents(Consumer<XfrmCodec.Expire> onExpire) {
        byte[] buf = new byte[65536];
        while (!closed) {
            try {
                int n = events.receive(buf);
                if (n <= 0) {
                    continue;
                }
                for (XfrmCodec.Message m : XfrmCodec.decode(buf, n)) {
                    if (m instanceof XfrmCodec.Expire e) {
                        onExpire.accept(e);
                    }
                }
            } catch (DecodeException e) {
                LOG.log(System.Logger.Level.WARNING, "XFRM: malformed notification ignored: " + e.getMessage());
            } catch (KernelSocket.Failure e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "XFRM notification socket: " + e.getMessage());
                }
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "XFRM expire listener failed: " + e, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        synchronized (this) {
            requests.close();
        }
    }

}
