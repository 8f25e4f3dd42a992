package org.miked.api.protocol;

import org.osgi.annotation.versioning.ProviderType;

/** What the GMF gives a key-client session at a receiver: the common context plus the client's outputs. */
// implemented only by the GMF (and test doubles); protocols only call it
@ProviderType
public interface KeyClientContext extends ProtocolContext {
    /**
     * A new epoch key was received and authenticated. Never fails; the GMF ignores keys of epochs it
     * already has.
     *
     * @param key the epoch key
     */
    void epochKey(EpochKey key);

    /**
     * The key server refused this host. Never fails; the GMF stops the group with the reason.
     *
     * @param reason the server's reason
     */
    void refused(String reason);
}
