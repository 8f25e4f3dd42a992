package org.miked.simulator.internal;

import java.util.List;
import java.util.function.Consumer;
import org.miked.api.gmf.ComponentCatalog;
import org.miked.api.gmf.DeployedComponent;
import org.miked.api.gmf.GmfFactory;
import org.miked.sim.network.SimNetworkFactory;
import org.miked.simulator.Scenario;
import org.miked.simulator.ScenarioException;
import org.miked.simulator.Simulator;
import org.miked.simulator.Summary;
import org.miked.simulator.core.ScenarioRun;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The simulator service: each run gets a fresh simulated network and plain-object GMFs. */
@Component(service = Simulator.class)
public class SimulatorComponent implements Simulator {
    @Reference
    private GmfFactory gmfFactory;

    @Reference
    private SimNetworkFactory networks;

    @Reference
    private ComponentCatalog catalog;

    /** How long a run waits for bundles that are still being started (FileInstall scans load/ at start). */
    static final long DEPLOY_WAIT_MS = 10_000;

    @Override
    public Summary run(Scenario scenario, Consumer<String> progress) {
        long deadline = System.nanoTime() + DEPLOY_WAIT_MS * 1_000_000;
        while (true) {
            try {
                check(scenario, catalog.deployed());
                break;
            } catch (ScenarioException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100); // real time: waiting for the OSGi framework to start a bundle
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        var net = networks.create(scenario.seed(), ScenarioRun.linkModel(scenario));
        return new ScenarioRun(scenario, net, gmfFactory).run(progress);
    }

    private static void check(Scenario scenario, List<DeployedComponent> deployed) {
        if (scenario.senders() > 1) {
            require(deployed, "agreement", scenario.agreement());
        }
        require(deployed, "distribution", scenario.distribution());
        require(deployed, "auth", "sig");
        require(deployed, "auth", scenario.rekeyAuth());
        require(deployed, "sink", "memory");
    }

    private static void require(List<DeployedComponent> deployed, String kind, String name) {
        if (deployed.stream().noneMatch(d -> d.kind().equals(kind) && d.name().equals(name))) {
            List<String> have = deployed.stream().filter(d -> d.kind().equals(kind)).map(DeployedComponent::name).toList();
            throw new ScenarioException("scenario: " + kind + " '" + name + "' is not deployed (deployed: "
                    + (have.isEmpty() ? "none" : String.join(", ", have)) + ")");
        }
    }
}
