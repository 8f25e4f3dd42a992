package org.miked.api.protocol;

import org.osgi.annotation.versioning.ProviderType;

/** What the GMF gives a key-server session at a sender: the common context plus the server's output. */
// implemented only by the GMF (and test doubles); protocols only call it
@ProviderType
public interface KeyServerContext extends ProtocolContext {
    /**
     * Joins or leaves are pending; the GMF advances the epoch at the end of the policy's batch interval
     * and calls {@link KeyServerSession#rekey(EpochKey)}. Never fails; calling it again before the rekey
     * is harmless.
     */
    void membershipChanged();
}
