package org.miked.gmf.wire;

import java.util.Objects;
import org.miked.api.GroupId;
import org.miked.api.MemberId;

/**
 * The untrusted prefix of a received datagram: what the GMF may look at before the authentication
 * scheme has checked anything, and only to route the datagram (which group, which scheme opens it).
 * Nothing here is believed: the sender is a claim, and the authenticated {@link Envelope} that the
 * scheme returns is decoded again from the bytes it vouches for (OpenMLS's {@code *In} types).
 *
 * <pre>
 *  datagram --EnvelopeCodec.decodePrefix--> EnvelopeIn (kind, group, claimed sender and sequence)
 *      |                                        | routes to the group, picks the opener,
 *      |                                        | drops a sequence the claimed sender's window holds
 *      +--AuthSession.open(claimed sender)------+--> authenticated bytes --decodeExact--> Envelope
 * </pre>
 *
 * @param kind which layer the body claims to be for
 * @param group the group the datagram claims to belong to
 * @param claimedSender the sender it claims to come from (not verified)
 * @param claimedSequence the sequence number it claims: a number the sender's replay window already holds
 *     is dropped before any signature is checked (a genuine copy would be a replay too)
 */
public record EnvelopeIn(Envelope.Kind kind, GroupId group, MemberId claimedSender, long claimedSequence) {
    public EnvelopeIn {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(claimedSender, "claimedSender");
    }
}
