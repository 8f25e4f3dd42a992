package org.miked.api.sa;

import org.miked.api.runtime.HostRuntime;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of SA sink, registered as a service with property {@code miked.sink} naming it. The kernel
 * sinks open one SAD per process; the memory sink one per simulated host.
 */
@ConsumerType
public interface SaSinkFactory {
    /** Service property naming the sink. */
    String NAME_PROPERTY = "miked.sink";

    /** @return the sink's name ({@code "memory"}, {@code "pfkey"}, {@code "xfrm"}) */
    String name();

    /**
     * @param host the host's runtime (its clock times lifetimes in the memory sink)
     * @param listener receives expiry events
     * @return the host's sink
     * @throws SaException if the sink cannot work here (no kernel support, no privilege); the message
     *     says which
     */
    SaSink open(HostRuntime host, SaEventListener listener) throws SaException;
}
