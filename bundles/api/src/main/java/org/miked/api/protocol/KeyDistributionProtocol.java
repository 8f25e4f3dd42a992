package org.miked.api.protocol;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A key-distribution protocol (logical key hierarchy, ...). Service property {@code miked.protocol}, set by
 * {@link org.miked.api.annotation.ProtocolName} on the component.
 */
@ConsumerType
public interface KeyDistributionProtocol {
    /**
     * @return the name groups select it by; the same value as the component's {@code ProtocolName}, for
     *     registries outside OSGi
     */
    String name();

    /**
     * @param ctx the group's context at a sender
     * @return the key-server session
     */
    KeyServerSession openServer(KeyServerContext ctx);

    /**
     * @param ctx the group's context at a receiver
     * @return the client session
     */
    KeyClientSession openClient(KeyClientContext ctx);
}
