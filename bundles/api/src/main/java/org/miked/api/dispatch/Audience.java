package org.miked.api.dispatch;

/** Who a multicast key-management datagram is meant for within a group. */
public enum Audience {
    /** The senders of the group (key agreement, epoch announcements). */
    SENDERS,
    /** The receivers of the group (rekey messages, repairs). Senders may receive them too. */
    RECEIVERS,
    /** Every member of the group. */
    ALL
}
