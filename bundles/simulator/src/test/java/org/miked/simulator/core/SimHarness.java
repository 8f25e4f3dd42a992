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
    /** Sees the network before the run starts (observers, scenario events of a test). */
    java.util.function.Consumer<SimNetwork> setup = n -> { };
    /** Sees the run before it starts (e.g. a test's bound for the data plane's adversary). */
    java.util.function.Consumer<ScenarioRun> beforeRun = r -> { };
    /** The last run. */
    ScenarioRun lastRun;
    /** The network of the last run. */
    SimNetwork network;
    /** Every GMF the last run made, per host, in the order made (a restart makes a second one). */
    final java.util.Map<org.miked.api.MemberId, java.util.List<HostGmf>> made = new java.util.HashMap<>();

    Summary run(Scenario s) {
        SimNetwork net = new SimNetwork(s.seed(), ScenarioRun.linkModel(s));
        net.shareCrypto(shareCrypto);
        net.cryptoAhead(cryptoAhead);
        network = net;
        made.clear();
        setup.accept(net);
        try {
            return run(s, net);
        } finally {
            sharedCounts = net.sharedCryptoCounts();
        }
    }

    private Summary run(Scenario s, SimNetwork net) {
        ScenarioRun run = new ScenarioRun(s, net, (d, h) -> {
            HostGmf g = new HostGmf(d, h, registry, log);
            made.computeIfAbsent(h, k -> new java.util.ArrayList<>()).add(g);
            return g;
        });
        lastRun = run;
        beforeRun.accept(run);
        return run.run(line -> { });
    }
}
