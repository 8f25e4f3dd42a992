package org.miked.api.protocol;

import org.osgi.annotation.versioning.ProviderType;

/** Outputs of key-distribution sessions. */
@ProviderType
public interface DistributionContext extends ProtocolContext {
    /**
     * Client side: a new epoch key was received and authenticated.
     *
     * @param key the epoch key
     */
    void epochKey(EpochKey key);

    /**
     * Server side: joins or leaves are pending; the GMF advances the epoch at the end of the policy's
     * batch interval and calls {@link KeyServerSession#rekey(EpochKey)}.
     */
    void membershipChanged();

    /**
     * Client side: the key server refused this host.
     *
     * @param reason the server's reason
     */
    void refused(String reason);
}
