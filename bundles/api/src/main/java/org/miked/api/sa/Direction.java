package org.miked.api.sa;

/** Whether this host sends or receives with an MSA. */
public enum Direction {
    /** Traffic this host sends to the group. */
    OUTBOUND,
    /** Traffic another sender sends to the group. */
    INBOUND
}
