package org.miked.simulator;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/** Runs scenarios; a service of the simulator bundle. */
@ProviderType
public interface Simulator {
    /**
     * Runs a scenario to its end on a fresh simulated network.
     *
     * @param scenario the scenario
     * @param progress gets a progress line about every tenth of the simulated time
     * @return the summary
     * @throws ScenarioException if a protocol the scenario names is not deployed
     */
    Summary run(Scenario scenario, Consumer<String> progress);
}
