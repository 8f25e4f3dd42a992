package org.miked.api.protocol;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A key-agreement protocol among senders (Burmester-Desmedt, GDH.2, ...). Registered as a service with
 * {@code miked.protocol=<name>}, set by {@link org.miked.api.annotation.ProtocolName} on the component.
 */
@ConsumerType
public interface KeyAgreementProtocol {
    /**
     * @return the name groups select it by; the same value as the component's {@code ProtocolName}, for
     *     registries outside OSGi
     */
    String name();

    /**
     * @param ctx the group's context at this host
     * @return a new session
     */
    AgreementSession open(AgreementContext ctx);
}
