package org.miked.api.dispatch;

import java.util.Objects;
import org.miked.api.GroupId;
import org.miked.api.MemberId;

/**
 * Where a datagram goes: to the group's key-management multicast address, or unicast to one member.
 * Dispatchers map these onto addresses and ports from the group's {@link GroupChannel}.
 */
public sealed interface Destination {

    /**
     * Multicast to the group's control channel.
     *
     * @param group the group
     * @param audience who should process it
     */
    record Multicast(GroupId group, Audience audience) implements Destination {
        public Multicast {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(audience, "audience");
        }
    }

    /**
     * Unicast to one member (registration, repair requests).
     *
     * @param group the group the message belongs to
     * @param to the member
     */
    record Unicast(GroupId group, MemberId to) implements Destination {
        public Unicast {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(to, "to");
        }
    }

    /** @return the group this datagram belongs to */
    GroupId group();

    static Destination multicast(GroupId group, Audience audience) {
        return new Multicast(group, audience);
    }

    static Destination unicast(GroupId group, MemberId to) {
        return new Unicast(group, to);
    }
}
