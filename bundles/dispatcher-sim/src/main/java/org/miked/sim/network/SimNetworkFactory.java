package org.miked.sim.network;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates simulated networks. Registered as a service by the dispatcher-sim bundle so that the shell
 * and the simulator obtain networks through the service registry; each scenario creates its own.
 */
@ProviderType
public interface SimNetworkFactory {
    /**
     * @param seed the scenario seed: the same seed, model and scenario repeat the same run exactly
     * @param model link qualities and partitions; the network reads it live (see {@link LinkModel})
     * @return a new network with no hosts at virtual time 0
     */
    SimNetwork create(long seed, LinkModel model);
}
