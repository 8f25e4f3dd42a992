package org.miked.dispatcher.real.core;

import java.net.InetSocketAddress;
import org.miked.api.dispatch.Destination;

/**
 * Decides whether a datagram the host asked to send may go and where: refused if the group is not open,
 * if the host is in EMCON for it, if a unicast has no known route, or if it cannot fit a UDP datagram;
 * otherwise a multicast to the address the channel's rule gives its audience
 * ({@link ChannelAddresses#multicastTo}: RECEIVERS from a sender to its own rekey channel, everything else to
 * the control address), a unicast to the member's pinned address, the source of the datagram being answered,
 * or its learned address ({@link PeerTable}). The queue limit is the send
 * path's, not a rule of the group.
 */
public final class SendRule {
    /** Largest payload sent: a UDP datagram less room for IPv6 and UDP headers' worst case. */
    public static final int MAX_PAYLOAD = 65_535 - 48;

    /**
     * @param to where the datagram goes, or null if refused
     * @param refusal the counter that names the refusal ({@code refused.emcon}, ...), or null if it goes
     */
    public record Verdict(InetSocketAddress to, String refusal) {
        /** @return true if the datagram may go */
        public boolean allowed() {
            return refusal == null;
        }
    }

    private SendRule() {
    }

    /**
     * @param open true if the host opened the destination's group
     * @param emcon true if the host is in EMCON for the group
     * @param addresses the group's addresses, for this host (unused if not open)
     * @param to the destination
     * @param peers where unicast goes
     * @param payloadLength bytes to send
     * @return the decision; the checks run in the order above, the first that fails names the refusal
     */
    public static Verdict decide(boolean open, boolean emcon, ChannelAddresses addresses, Destination to,
            PeerTable peers, int payloadLength) {
        return decide(open, emcon, addresses, to, peers, null, payloadLength);
    }

    /**
     * @param open true if the host opened the destination's group
     * @param emcon true if the host is in EMCON for the group
     * @param addresses the group's addresses, for this host (unused if not open)
     * @param to the destination
     * @param peers where unicast goes
     * @param contact the datagram the host is handling on the sending thread (its claimed sender is answered
     *     at its source, {@link PeerTable#lookup(org.miked.api.GroupId, org.miked.api.MemberId,
     *     PeerTable.Contact)}), or null
     * @param payloadLength bytes to send
     * @return the decision; the checks run in the order above, the first that fails names the refusal
     */
    public static Verdict decide(boolean open, boolean emcon, ChannelAddresses addresses, Destination to,
            PeerTable peers, PeerTable.Contact contact, int payloadLength) {
        if (!open) {
            return refuse("refused.group-not-open");
        }
        if (emcon) {
            return refuse("refused.emcon");
        }
        InetSocketAddress dest;
        if (to instanceof Destination.Unicast u) {
            dest = peers.lookup(to.group(), u.to(), contact);
            if (dest == null) {
                return refuse("refused.no-route");
            }
        } else {
            dest = addresses.multicastTo(((Destination.Multicast) to).audience());
        }
        if (payloadLength > MAX_PAYLOAD) {
            return refuse("refused.too-large");
        }
        return new Verdict(dest, null);
    }

    private static Verdict refuse(String counter) {
        return new Verdict(null, counter);
    }
}
