package org.miked.simulator.command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.miked.simulator.Scenario;
import org.miked.simulator.ScenarioParser;
import org.miked.simulator.Simulator;
import org.miked.simulator.Summary;

/** Runs one scenario for {@code mike:sim} and for the batch mode of {@code ./miked sim}. */
final class SimJob {
    private SimJob() {
    }

    static Summary run(Simulator simulator, String summaryFile, boolean quiet, String[] scenarioFile, PrintStream out)
            throws IOException {
        if (scenarioFile.length > 1) {
            throw new IllegalArgumentException("one scenario file at most, got " + scenarioFile.length);
        }
        Scenario sc = Scenario.DEFAULT;
        if (scenarioFile.length == 1) {
            try {
                Path file = Path.of(scenarioFile[0]);
                sc = ScenarioParser.parse(Files.readString(file, StandardCharsets.UTF_8), ScenarioParser.nameFor(file));
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("scenario file not found: " + scenarioFile[0]);
            }
        }
        if (simulator == null) {
            throw new IllegalStateException("the simulator service is not up (it needs the GMF and dispatcher-sim)");
        }
        Scenario run = sc;
        out.println("simulating '" + run.name() + "': " + run.senders() + " senders (" + run.agreement() + "), "
                + run.receivers() + " receivers (" + run.distribution() + ", degree " + run.lkhDegree() + "), "
                + run.joins() + " joins, " + run.leaves() + " leaves, loss " + run.loss() + ", EMCON "
                + run.emconFraction() + ", rekey auth " + run.rekeyAuth() + ", " + run.rekeyChannels() + " rekey channels, " + run.durationS() + " s, seed "
                + run.seed() + faults(run.faults()));
        Summary summary = simulator.run(run, line -> {
            if (!quiet) {
                out.println("  " + line);
            }
        });
        if (!summaryFile.isEmpty()) {
            Files.writeString(Path.of(summaryFile), summary.toJson() + "\n", StandardCharsets.UTF_8);
        }
        return summary;
    }

    private static String faults(org.miked.simulator.Faults f) {
        return f.isEmpty() ? "" : "; faults: " + f.crashes().size() + " crashes, " + f.partitions().size()
                + " partitions, silent leaves " + f.silentLeaves();
    }
}
