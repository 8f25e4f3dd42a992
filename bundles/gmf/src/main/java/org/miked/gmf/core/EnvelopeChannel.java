package org.miked.gmf.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.auth.AuthException;
import org.miked.api.auth.AuthSession;
import org.miked.api.auth.Authenticated;
import org.miked.common.wire.DecodeException;
import org.miked.gmf.wire.Envelope;
import org.miked.gmf.wire.EnvelopeCodec;
import org.miked.gmf.wire.EnvelopeIn;

/**
 * Seals and opens one group's envelopes: frames a body with group, sender, recipient, epoch and sequence
 * and seals it; on the way in, drops a datagram whose claimed sequence the claimed sender's window already
 * holds (before any signature is checked: a replay costs a map lookup), has the scheme authenticate the
 * datagram, decodes what it vouches for, checks that the envelope names the authenticated sender, this
 * group and, for a unicast, this host, and drops replays (one window per sender, recorded only now).
 *
 * <pre>
 *  in:  EnvelopeIn + datagram --window(claimed sender).fresh(claimed seq)?--opener.open--> authenticated bytes
 *         --decodeExact--> Envelope --sender == authenticated, group == ours, recipient == me or none-->
 *         window(sender).accept --> fresh envelopes
 *  out: body --Envelope(kind, group, self, recipient, epoch, next sequence)--> encode --sealer.seal--> datagram
 * </pre>
 */
final class EnvelopeChannel {
    private final GroupId group;
    private final Host host;
    private final GroupEvents events;
    private final Map<MemberId, ReplayWindow> windows = new HashMap<>();
    /** The last sender looked up and its window: a receiver hears its key server almost only. */
    private MemberId lastSender;
    private ReplayWindow lastWindow;

    EnvelopeChannel(GroupId group, Host host, GroupEvents events) {
        this.group = group;
        this.host = host;
        this.events = events;
    }

    /**
     * Authenticates a datagram and returns the fresh envelopes it carries (a scheme may release several,
     * TESLA's delayed ones).
     *
     * @param header the untrusted prefix, for the claimed sender
     * @param datagram the whole datagram
     * @param opener the scheme session that must vouch for it
     * @return authenticated, fresh envelopes of this group; empty if none
     */
    List<Envelope> open(EnvelopeIn header, byte[] datagram, AuthSession opener) {
        ReplayWindow claimed = window(header.claimedSender(), false);
        if (claimed != null && !claimed.fresh(header.claimedSequence())) {
            // a genuine copy would be a replay too: no signature is checked for it
            events.count("rejected.replay");
            events.log("rejected replayed or too old sequence " + Long.toUnsignedString(header.claimedSequence())
                    + " claimed from " + header.claimedSender() + " (before authentication)");
            return List.of();
        }
        List<Authenticated> verified;
        try {
            verified = opener.open(header.claimedSender(), datagram);
        } catch (AuthException e) {
            events.count("rejected.auth");
            events.log("rejected " + header.kind() + " claimed from " + header.claimedSender() + ": " + e.getMessage());
            return List.of();
        } catch (RuntimeException e) {
            events.count("rejected.auth");
            events.log("rejected " + header.kind() + " claimed from " + header.claimedSender() + ": scheme failed: "
                    + e);
            return List.of();
        }
        List<Envelope> fresh = new ArrayList<>(verified.size());
        for (Authenticated a : verified) {
            Envelope env;
            try {
                env = EnvelopeCodec.decodeExact(a.message());
            } catch (DecodeException e) {
                events.count("rejected.malformed");
                events.log("rejected authenticated message from " + a.from() + ": " + e.getMessage());
                continue;
            }
            if (!env.sender().equals(a.from()) || !env.group().equals(group)) {
                events.count("rejected.mismatch");
                events.log("rejected message: envelope names " + env.sender() + "/" + env.group()
                        + " but was authenticated for " + a.from());
                continue;
            }
            if (env.recipient() != null && !env.recipient().equals(host.runtime().self())) {
                events.count("rejected.misaddressed");
                events.log("rejected " + env.kind() + " from " + env.sender() + ": it is for " + env.recipient());
                continue;
            }
            if (!window(env.sender(), true).accept(env.sequence())) {
                events.count("rejected.replay");
                events.log("rejected replayed or too old sequence " + Long.toUnsignedString(env.sequence()) + " from "
                        + env.sender());
                continue;
            }
            fresh.add(env);
        }
        return fresh;
    }

    /** @return the sender's window; null if it has none and create is false */
    private ReplayWindow window(MemberId sender, boolean create) {
        if (sender == lastSender || sender.equals(lastSender)) {
            return lastWindow;
        }
        ReplayWindow w = create ? windows.computeIfAbsent(sender, k -> new ReplayWindow()) : windows.get(sender);
        if (w != null) {
            lastSender = sender;
            lastWindow = w;
        }
        return w;
    }

    /**
     * @param kind the layer
     * @param recipient the one host it is for, or null for the group
     * @param epoch the sender's current epoch (0 before the first)
     * @param body the protocol message
     * @param sealer the scheme session that seals it
     * @return the datagram, or null if the scheme failed (counted and logged)
     */
    byte[] seal(Envelope.Kind kind, MemberId recipient, long epoch, byte[] body, AuthSession sealer) {
        Envelope env = new Envelope(kind, group, host.runtime().self(), recipient, epoch, host.nextSequence(), body);
        try {
            return sealer.seal(EnvelopeCodec.encode(env));
        } catch (RuntimeException e) {
            events.count("tx.seal-failed");
            events.log("cannot seal " + kind + ": " + e.getMessage());
            return null;
        }
    }
}
