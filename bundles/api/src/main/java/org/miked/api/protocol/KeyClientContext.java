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
     * A key of an epoch older than the current one that senders may still send under (issue 12: a receiver that
     * missed that epoch's rekey gets its key with a later one, so that it decrypts what is sent under it until the
     * next switch). The GMF installs its MSAs if it does not hold them; it never becomes current. The default ignores
     * it.
     *
     * @param key the older epoch's key
     * @since 2.5
     */
    default void pastEpochKey(EpochKey key) {
    }

    /**
     * The key server refused this host's registration (an answer bound to that registration). Never fails;
     * the GMF reports the reason and keeps the group registering: the client tries again later, since no single
     * message may stop a receiver for good.
     *
     * @param reason the server's reason
     */
    void refused(String reason);

    /**
     * The client has heard nothing valid from its key server since {@code lastHeardMillis} (this host's runtime
     * clock), or, with {@code -1}, hears it again. The GMF names the silent server and how long it has been
     * silent in the group's reason ("key server s01 silent for 45 s") and keeps the group's state (a receiver
     * that holds a key stays KEYED: its key may still be current). Never fails. The default does nothing, for
     * clients that have no such detection.
     *
     * @param lastHeardMillis when the server was last heard, or -1: heard again, the reason clears
     * @since 2.3.0
     */
    default void keyServerSilent(long lastHeardMillis) {
    }
}
