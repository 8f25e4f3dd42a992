package org.miked.simulator.core;

import org.miked.auth.sig.internal.SigScheme;
import org.miked.bd.internal.BdProtocol;
import org.miked.gmf.core.HostGmf;
import org.miked.gmf.core.MapRegistry;
import org.miked.lkh.internal.LkhProtocol;
import org.miked.sim.network.SimNetwork;
import org.miked.simulator.Scenario;
import org.miked.simulator.Summary;
import org.miked.sink.memory.internal.MemorySinkFactory;

/** Runs scenarios outside OSGi with the real protocol, scheme and sink classes in a fixed registry. */
final class SimHarness {
    final MapRegistry registry = new MapRegistry().add(new SigScheme()).add(new BdProtocol()).add(new LkhProtocol())
            .add(new MemorySinkFactory()).add(new org.miked.gdh.internal.Gdh2Protocol())
            .add(new org.miked.gdh.internal.Gdh3Protocol());
    java.util.function.Consumer<String> log = line -> { };
    /** Whether the simulated hosts share deterministic crypto (the default, as in the runtime). */
    boolean shareCrypto = true;
    /** Whether announced verifications run ahead on another core (the default). */
    boolean cryptoAhead = true;
    /** {shared, done, run ahead} of the last run. */
    long[] sharedCounts;

    Summary run(Scenario s) {
        SimNetwork net = new SimNetwork(s.seed(), ScenarioRun.linkModel(s));
        net.shareCrypto(shareCrypto);
        net.cryptoAhead(cryptoAhead);
        try {
            return run(s, net);
        } finally {
            sharedCounts = net.sharedCryptoCounts();
        }
    }

    private Summary run(Scenario s, SimNetwork net) {
        return new ScenarioRun(s, net, (d, h) -> new HostGmf(d, h, registry, log)).run(line -> { });
    }
}
