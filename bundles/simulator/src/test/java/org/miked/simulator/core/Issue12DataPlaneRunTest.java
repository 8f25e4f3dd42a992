package org.miked.simulator.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.miked.simulator.Scenario;
import org.miked.simulator.ScenarioParser;
import org.miked.simulator.Summary;

/**
 * Measures a scenario file's data plane (issue 12's figures), outside the normal build: runs only with
 * {@code -Dmiked.data.scenario=<file>}; with {@code -Dmiked.data.compare=true} it runs the scenario a second time
 * with the data plane off and reports the data plane's wall time per copy judged. Prints the summary, the
 * departed-receiver count with the bound at 0, and the cost.
 */
@EnabledIfSystemProperty(named = "miked.data.scenario", matches = ".+")
class Issue12DataPlaneRunTest {
    @Test
    void run() throws Exception {
        Path file = Path.of(System.getProperty("miked.data.scenario"));
        Scenario s = ScenarioParser.parse(Files.readString(file), ScenarioParser.nameFor(file));
        SimHarness h = new SimHarness();
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = cpu.getCurrentThreadCpuTime();
        Summary on = h.run(s);
        double cpuOn = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
        double wallOn = (System.nanoTime() - t0) / 1e9;
        DataPlane d = h.lastRun.dataPlane();
        StringBuilder out = new StringBuilder();
        out.append(on.toTable()).append(on.toJson()).append('\n');
        out.append(String.format(Locale.ROOT, "copies judged %d, not owed %d, departures processed %d of %d,"
                + " departedDecrypted with B = 0 / 100 ms / 1 s / 5 s: %d / %d / %d / %d, wall %.1f s%n", d.copies(),
                d.notOwed(), d.departuresProcessed(), on.departed(), d.departedDecrypted(0), d.departedDecrypted(100),
                d.departedDecrypted(1000), d.departedDecrypted(5000), wallOn));
        if (Boolean.getBoolean("miked.data.compare")) {
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            Summary off = new SimHarness().run(s.withData(0, s.dataBytes()));
            double cpuOff = (cpu.getCurrentThreadCpuTime() - c1) / 1e9;
            double wallOff = (System.nanoTime() - t1) / 1e9;
            // the run's own thread does all of the data plane's work: its CPU time, unlike the wall time, does not
            // count what other processes on the machine took
            out.append(String.format(Locale.ROOT, "data plane on: main thread CPU %.1f s, wall %.1f s; off: CPU %.1f s,"
                    + " wall %.1f s; same key management: %s; data plane cost %.1f s CPU for %d copies = %.0f ns per"
                    + " copy (wall: %.0f ns)%n", cpuOn, wallOn, cpuOff, wallOff,
                    Issue12DataPlaneTest.keyManagementOf(on).equals(Issue12DataPlaneTest.keyManagementOf(off)),
                    cpuOn - cpuOff, d.copies(), (cpuOn - cpuOff) * 1e9 / Math.max(1, d.copies()),
                    (wallOn - wallOff) * 1e9 / Math.max(1, d.copies())));
        }
        System.out.print(out);
        String report = System.getProperty("miked.data.report");
        if (report != null) {
            Files.writeString(Path.of(report), out.toString());
        }
    }
}
