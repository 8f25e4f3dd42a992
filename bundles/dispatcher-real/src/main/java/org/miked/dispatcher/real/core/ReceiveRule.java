package org.miked.dispatcher.real.core;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.Function;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.common.net.AddressFilter;
import org.miked.common.wire.DecodeException;
import org.miked.dispatcher.real.wire.EnvelopePeek;

/**
 * Decides whether a received datagram goes to the host, in two steps. {@link #screen} runs before a byte
 * of the payload is read: our own multicast coming back is ignored, then the receiving socket's address
 * rules apply. {@link #admit} then peeks at the group and sender the envelope claims and applies that group's
 * member-id and address rules; for an open group it names the {@link PeerTable.Contact} that the host may
 * answer while it handles the datagram, and that is learned only if the host authenticates the datagram
 * (the caller does that after the delivery call). A datagram that is not an envelope still goes to the host
 * (the GMF drops and counts it), from a member id made of its source.
 */
public final class ReceiveRule {
    /** What happens to a datagram. */
    public enum Verdict {
        /** Our own multicast, looped back: ignored. */
        OWN,
        /** Excluded by an address rule of the receiving socket, before parsing. */
        EXCLUDED_ADDRESS,
        /** Excluded by a rule of the group the envelope claims. */
        EXCLUDED_MEMBER,
        /** Goes to the host. */
        ACCEPTED
    }

    /**
     * @param verdict {@link Verdict#ACCEPTED} or {@link Verdict#EXCLUDED_MEMBER}
     * @param from the sender the datagram goes to the host as
     * @param parsed false if the payload was not an envelope (then {@code from} is made of the source address)
     * @param contact for an accepted envelope of an open group, the claimed sender at the datagram's source: the
     *     route answers take during the delivery call, learned after it if the datagram authenticated; else null
     */
    public record Admission(Verdict verdict, MemberId from, boolean parsed, PeerTable.Contact contact) {
    }

    private ReceiveRule() {
    }

    /**
     * @param locals the addresses our endpoints send from
     * @param source the datagram's source
     * @param socketFilter the receiving socket's rules (a group socket: the group's; an endpoint: the union
     *     of the rules of the groups on its port)
     * @return {@link Verdict#OWN}, {@link Verdict#EXCLUDED_ADDRESS} or {@link Verdict#ACCEPTED} (read on)
     */
    public static Verdict screen(Iterable<InetSocketAddress> locals, InetSocketAddress source,
            AddressFilter socketFilter) {
        if (isOwn(locals, source)) {
            return Verdict.OWN;
        }
        return socketFilter.excludesAddress(source.getAddress()) ? Verdict.EXCLUDED_ADDRESS : Verdict.ACCEPTED;
    }

    /**
     * @param datagram the payload (untrusted)
     * @param length its valid bytes
     * @param source its source
     * @param groupFilter the rules of an open group, or null if the host has not opened it
     * @return the decision (nothing is learned here: the datagram is not authenticated yet)
     */
    public static Admission admit(byte[] datagram, int length, InetSocketAddress source,
            Function<GroupId, AddressFilter> groupFilter) {
        EnvelopePeek.Claim c;
        try {
            c = EnvelopePeek.peek(datagram, length);
        } catch (DecodeException e) {
            return new Admission(Verdict.ACCEPTED, memberOf(source.getAddress()), false, null);
        }
        AddressFilter f = groupFilter.apply(c.group());
        if (f == null) {
            return new Admission(Verdict.ACCEPTED, c.sender(), true, null);
        }
        if (f.excludesMember(c.sender().id()) || f.excludesAddress(source.getAddress())) {
            return new Admission(Verdict.EXCLUDED_MEMBER, c.sender(), true, null);
        }
        return new Admission(Verdict.ACCEPTED, c.sender(), true, new PeerTable.Contact(c.group(), c.sender(), source));
    }

    /**
     * @param locals the addresses our endpoints send from (nulls skipped)
     * @param source a datagram's source
     * @return true if one of our endpoints sent it (same address bytes and port)
     */
    public static boolean isOwn(Iterable<InetSocketAddress> locals, InetSocketAddress source) {
        for (InetSocketAddress l : locals) {
            if (l != null && l.getPort() == source.getPort()
                    && Arrays.equals(l.getAddress().getAddress(), source.getAddress().getAddress())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param a a source address
     * @return the member id that stands for it (its text without a zone id)
     */
    public static MemberId memberOf(InetAddress a) {
        String s = a.getHostAddress();
        int pct = s.indexOf('%');
        return MemberId.of(pct < 0 ? s : s.substring(0, pct));
    }
}
