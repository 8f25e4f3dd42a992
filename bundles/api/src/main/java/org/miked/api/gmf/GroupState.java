package org.miked.api.gmf;

/** Where a group's key management stands at one host. */
public enum GroupState {
    /** A protocol, authentication scheme or SA sink the policy names is not deployed. */
    WAITING_FOR_PROTOCOL,
    /** Senders are agreeing a sender secret. */
    AGREEING,
    /** Receiver registering with its key server or waiting for its first key. */
    REGISTERING,
    /** Holds the current epoch key and the SA sink took all of its MSAs. */
    KEYED,
    /**
     * Holds the current epoch key (and, at a sender, serves its receivers), but the SA sink refused the
     * epoch's MSAs, so the group's traffic is not protected with it; see the reason. The next epoch tries
     * again.
     */
    SA_REFUSED,
    /** Stopped because a component went away or failed; see the reason. */
    STOPPED
}
