package org.miked.gmf.wire;

import java.util.Objects;
import org.miked.api.GroupId;
import org.miked.api.MemberId;

/**
 * The GMF's frame around every protocol body.
 *
 * @param kind which layer the body is for
 * @param group the group
 * @param sender the sending host (verified by the authentication scheme, not by the codec)
 * @param recipient the one host a unicast is for, or null for a multicast to the group: it is inside what
 *     the scheme authenticates, so a unicast answer cannot be replayed to another host or to the group
 * @param epoch the sender's current epoch
 * @param sequence the sender's sequence number (anti-replay)
 * @param body the protocol message
 */
public record Envelope(Kind kind, GroupId group, MemberId sender, MemberId recipient, long epoch, long sequence,
        byte[] body) {
    public Envelope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(sender, "sender");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** What a body is for. */
    public enum Kind {
        /** Key agreement among senders. */
        AGREEMENT(1),
        /** Key distribution between a key server and its receivers. */
        DISTRIBUTION(2),
        /** GMF control among senders (run start, heartbeat, epoch). */
        CONTROL(3);

        public final int code;

        Kind(int code) {
            this.code = code;
        }

        /** @return the kind of a wire code, or null */
        public static Kind of(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }
}
