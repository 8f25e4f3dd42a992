package org.miked.dispatcher.real.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.miked.api.dispatch.Destination;
import org.miked.dispatcher.real.core.PeerTable;
import org.miked.dispatcher.real.core.SendRule;

/**
 * Carries the host's datagrams to the kernel without blocking the caller: {@link #send} checks them
 * ({@link SendRule}, then the queue limit), copies and queues them; the event loop hands each to the
 * endpoint of its IP version and control port.
 */
final class SendPath {
    private static final System.Logger LOG = System.getLogger("org.miked.dispatcher.real");

    private final Settings settings;
    private final EventLoop loop;
    private final GroupSockets groups;
    private final Endpoints endpoints;
    private final PeerTable peers;
    private final ReceivePath receive;
    private final DispatchCounters counters;
    private final AtomicInteger queued = new AtomicInteger();

    SendPath(Settings settings, EventLoop loop, GroupSockets groups, Endpoints endpoints, PeerTable peers,
            ReceivePath receive, DispatchCounters counters) {
        this.settings = settings;
        this.receive = receive;
        this.loop = loop;
        this.groups = groups;
        this.endpoints = endpoints;
        this.peers = peers;
        this.counters = counters;
    }

    /**
     * Any thread.
     *
     * @param to destination
     * @param payload bytes (copied)
     * @return false if refused locally (counted), true if queued for the kernel
     */
    boolean send(Destination to, byte[] payload) {
        JoinedGroup g = groups.get(to.group());
        boolean emcon = g != null && g.channel.emcon();
        // an answer sent while the loop delivers a datagram may go to that datagram's source (first contact)
        PeerTable.Contact answering = loop.inLoop() ? receive.answering() : null;
        SendRule.Verdict v = SendRule.decide(g != null, emcon, g == null ? null : g.addresses, to, peers, answering,
                payload.length);
        if (!v.allowed()) {
            counters.count(v.refusal());
            if (emcon) {
                counters.emcon.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "refused to send for group " + to.group()
                        + ": this host is in EMCON for it");
            }
            return false;
        }
        if (queued.incrementAndGet() > settings.sendQueueLimit()) {
            queued.decrementAndGet();
            counters.dropped.incrementAndGet();
            counters.count("refused.queue-full");
            return false;
        }
        byte[] copy = payload.clone();
        int ctlPort = g.control.getPort();
        InetSocketAddress dest = v.to();
        loop.execute(() -> {
            queued.decrementAndGet();
            transmit(dest, ctlPort, copy);
        });
        return true;
    }

    /** Loop thread: hands a datagram to the kernel through the endpoint of its IP version. */
    private void transmit(InetSocketAddress dest, int ctlPort, byte[] payload) {
        Endpoints.Endpoint e = endpoints.get(dest.getAddress() instanceof Inet6Address, ctlPort);
        if (!e.ready()) {
            counters.dropped.incrementAndGet();
            counters.count("errors.send-no-socket");
            return;
        }
        try {
            e.socket.send(ByteBuffer.wrap(payload), dest);
            counters.sent.incrementAndGet();
            counters.sentBytes.addAndGet(payload.length);
        } catch (IOException ex) {
            counters.dropped.incrementAndGet();
            counters.count("errors.send");
            LOG.log(System.Logger.Level.WARNING, "send to " + dest + " failed: " + ex + "; socket re-opened at the "
                    + "next retry");
            endpoints.close(e, "send failed: " + ex.getMessage());
        }
    }
}
