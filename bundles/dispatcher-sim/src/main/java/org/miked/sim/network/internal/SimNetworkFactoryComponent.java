package org.miked.sim.network.internal;

import org.miked.sim.network.LinkModel;
import org.miked.sim.network.SimNetwork;
import org.miked.sim.network.SimNetworkFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the {@link SimNetworkFactory} service. A network is per scenario, so the bundle registers a
 * factory rather than a {@code Dispatcher}; the simulator hands each network to its GMFs directly.
 */
@Component(service = SimNetworkFactory.class, property = "miked.dispatcher=" + SimNetwork.NAME)
public class SimNetworkFactoryComponent implements SimNetworkFactory {
    @Override
    public SimNetwork create(long seed, LinkModel model) {
        return new SimNetwork(seed, model);
    }
}
