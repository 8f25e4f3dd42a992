package org.miked.api.gmf;

/** Where a group's key management stands at one host. */
public enum GroupState {
    /** A protocol, authentication scheme or SA sink the policy names is not deployed. */
    WAITING_FOR_PROTOCOL,
    /** Senders are agreeing a sender secret. */
    AGREEING,
    /** Receiver registering with its key server or waiting for its first key. */
    REGISTERING,
    /** Holds the current epoch key and its MSAs are installed. */
    KEYED,
    /** Stopped because a component went away or failed; see the reason. */
    STOPPED
}
