package org.miked.api;

/** A host's role in one group (the paper's section 3). */
public enum Role {
    /** Sends and receives; takes part in key agreement and is key server of its receivers. */
    SENDER,
    /** Only receives; gets its keys from one key server by key distribution. */
    RECEIVER
}
