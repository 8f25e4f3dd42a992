package org.miked.api.dispatch;

import org.miked.api.MemberId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The bottom layer of MIKED. Registered as a service with property {@code miked.dispatcher} naming it
 * ({@code "real"}, {@code "sim"}).
 */
@ConsumerType
public interface Dispatcher {
    /** Service property naming the dispatcher. */
    String NAME_PROPERTY = "miked.dispatcher";

    /** @return the dispatcher's name */
    String name();

    /**
     * Attaches a host's GMF.
     *
     * @param host the host's identity
     * @param handler receives the host's datagrams on its event loop
     * @return the host's port
     * @throws IllegalStateException if the host is already attached, or the dispatcher serves only one
     *     host and has one
     */
    HostPort attach(MemberId host, DatagramHandler handler);

    /** @return counters of traffic so far */
    TrafficStats stats();
}
