package org.miked.sim.network;

/** Why a simulated datagram copy did not reach a host's handler. */
public enum DropReason {
    /** Lost on the link (the link's loss probability). */
    LOSS,
    /** Sender and receiver were on different sides of a partition when it was sent. */
    PARTITION,
    /** The sender was down when it sent, or the receiver was down when it arrived. */
    DOWN,
    /** The receiver was detached, or had not opened (or had closed) the group when it arrived. */
    NOT_LISTENING,
    /** The sender matched one of the receiver's {@code excluded} filter rules for the group. */
    FILTERED,
    /** Unicast to a host that was never attached to the network. */
    NO_ROUTE
}
