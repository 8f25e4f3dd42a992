package org.miked.api.dispatch;

/** Who a multicast key-management datagram is meant for within a group. */
public enum Audience {
    /** The senders of the group (key agreement, epoch announcements). */
    SENDERS,
    /**
     * The receivers of the sending key server (rekey messages, repairs): sent on its rekey channel, which is
     * the control address when the group shares one ({@link GroupChannel#multicastAddress}). Senders may
     * receive them too.
     */
    RECEIVERS,
    /** Every member listening on the control address: the senders, and the receivers when the group shares one channel. */
    ALL
}
