package org.miked.api.protocol;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A key-agreement protocol among senders (Burmester-Desmedt, GDH.2, ...). Registered as a service with
 * {@code miked.protocol=<name>}.
 */
@ConsumerType
public interface KeyAgreementProtocol {
    /** Service property naming a protocol. */
    String NAME_PROPERTY = "miked.protocol";

    /** @return the name groups select it by */
    String name();

    /**
     * @param ctx the group's context at this host
     * @return a new session
     */
    AgreementSession open(AgreementContext ctx);
}
