package org.miked.dispatcher.real.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.miked.api.GroupId;
import org.miked.common.net.AddressFilter;
import org.miked.dispatcher.real.core.PeerTable;
import org.miked.dispatcher.real.core.ReceiveRule;

/**
 * Reads datagrams from a readable socket and hands the admitted ones to the attached host's handler
 * ({@link ReceiveRule} decides), counting what it drops. Learns where the claimed sender is only if the
 * handler says, within the delivery call, that the datagram authenticated as that sender
 * ({@code DatagramHandler.deliver}); during the call, answers to the sender go to the datagram's source
 * ({@link #answering}). Event loop thread only; one receive buffer.
 */
final class ReceivePath {
    private static final System.Logger LOG = System.getLogger("org.miked.dispatcher.real");
    private static final int MAX_DATAGRAM = 65_535;
    /** Datagrams read per readiness event, so that one busy socket cannot starve the loop. */
    private static final int BATCH = 256;

    private final DispatchCounters counters;
    private final PeerTable peers;
    private final Supplier<List<InetSocketAddress>> locals;
    private final Function<GroupId, AddressFilter> groupFilter;
    private final Supplier<RealDispatcher.Port> port;
    private final ByteBuffer rx = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final byte[] rxBytes = new byte[MAX_DATAGRAM];
    /** The datagram being delivered (loop thread only), or null between deliveries. */
    private PeerTable.Contact answering;

    /**
     * @param counters counts deliveries and drops
     * @param peers learns senders' unicast addresses
     * @param locals the endpoints' addresses (our own multicast comes from these)
     * @param groupFilter the rules of an open group, null for a group not open
     * @param port the attached host, or null
     */
    ReceivePath(DispatchCounters counters, PeerTable peers, Supplier<List<InetSocketAddress>> locals,
            Function<GroupId, AddressFilter> groupFilter, Supplier<RealDispatcher.Port> port) {
        this.counters = counters;
        this.peers = peers;
        this.locals = locals;
        this.groupFilter = groupFilter;
        this.port = port;
    }

    /**
     * Reads the pending datagrams of a socket. Address rules apply before any byte is parsed; then the
     * group and sender the datagram claims are peeked for member-id rules and address learning.
     *
     * @param ch the readable socket (null or closed: nothing happens)
     * @param filter the socket's address rules
     * @return null, or why receiving failed (the caller closes the socket; the retry timer re-opens it)
     */
    String drain(DatagramChannel ch, AddressFilter filter) {
        RealDispatcher.Port p = port.get();
        for (int i = 0; i < BATCH && ch != null && ch.isOpen(); i++) {
            SocketAddress sa;
            rx.clear();
            try {
                sa = ch.receive(rx);
            } catch (IOException e) {
                counters.count("errors.receive");
                return String.valueOf(e.getMessage());
            }
            if (sa == null) {
                return null;
            }
            InetSocketAddress src = (InetSocketAddress) sa;
            int len = rx.position();
            switch (ReceiveRule.screen(locals.get(), src, filter)) {
                case OWN -> counters.count("ignored.own");
                case EXCLUDED_ADDRESS -> filtered(src, "address");
                default -> {
                    rx.flip();
                    rx.get(rxBytes, 0, len);
                    deliver(p, src, len);
                }
            }
        }
        return null;
    }

    private void deliver(RealDispatcher.Port p, InetSocketAddress src, int len) {
        ReceiveRule.Admission a = ReceiveRule.admit(rxBytes, len, src, groupFilter);
        if (a.verdict() == ReceiveRule.Verdict.EXCLUDED_MEMBER) {
            filtered(src, "member " + a.from());
            return;
        }
        if (!a.parsed()) {
            counters.count("unparsed");
        }
        if (p == null || p.closed) {
            counters.count("ignored.detached");
            return;
        }
        counters.delivered.incrementAndGet();
        counters.deliveredBytes.addAndGet(len);
        byte[] payload = Arrays.copyOf(rxBytes, len);
        boolean authenticated = false;
        answering = a.contact();
        try {
            authenticated = p.handler.deliver(a.from(), payload);
        } catch (RuntimeException e) {
            // the GMF's bug must not stop the loop or lose the other datagrams of this batch
            counters.count("errors.handler");
            LOG.log(System.Logger.Level.WARNING, "datagram handler of " + p.self + " threw: " + e, e);
        } finally {
            answering = null;
        }
        PeerTable.Contact c = a.contact();
        if (c == null) {
            return;
        }
        if (!authenticated) {
            counters.count("peers.unauthenticated");
        } else if (peers.learn(c.group(), c.member(), c.source())) {
            counters.count("peers.updates");
        }
    }

    /**
     * Loop thread only.
     *
     * @return the datagram the host is handling now (answers to its claimed sender go to its source), or null
     */
    PeerTable.Contact answering() {
        return answering;
    }

    private void filtered(InetSocketAddress src, String rule) {
        counters.dropped.incrementAndGet();
        counters.count("filtered");
        LOG.log(System.Logger.Level.DEBUG, "dropped datagram from " + src + ": excluded (" + rule + ")");
    }
}
