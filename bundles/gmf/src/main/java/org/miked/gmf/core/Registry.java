package org.miked.gmf.core;

import org.miked.api.auth.AuthScheme;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.api.protocol.KeyDistributionProtocol;
import org.miked.api.sa.SaSinkFactory;

/**
 * The protocols, schemes and sinks deployed right now, by name. In OSGi it follows the service
 * registry (bundles come and go); in plain Java it is a fixed map. Lookups return null for what is
 * not deployed.
 */
public interface Registry {
    KeyAgreementProtocol agreement(String name);

    KeyDistributionProtocol distribution(String name);

    AuthScheme auth(String name);

    SaSinkFactory sink(String name);

    /**
     * @param component a protocol, scheme or sink object from this registry
     * @return "name version (bundle)" for status lines
     */
    String describe(Object component);

    /** @param listener told (on any thread) after anything was deployed or undeployed */
    void addListener(Runnable listener);

    /** @param listener no longer told */
    void removeListener(Runnable listener);
}
