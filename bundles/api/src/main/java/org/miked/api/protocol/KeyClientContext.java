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
     * The key server refused this host's registration (an answer bound to that registration). Never fails;
     * the GMF reports the reason and keeps the group registering: the client tries again later, since no single
     * message may stop a receiver for good.
     *
     * @param reason the server's reason
     */
    void refused(String reason);
}
