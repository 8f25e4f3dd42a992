package org.miked.simulator.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miked.simulator.Scenario;
import org.miked.simulator.Simulator;
import org.miked.simulator.Summary;

/** The batch job's argument handling and exit codes, with a recording simulator (the runs themselves are tested in simulator and itest). */
class BatchRunnerTest {
    private final List<Scenario> ran = new ArrayList<>();
    private boolean complete = true;

    private BatchRunner runner() throws Exception {
        Simulator sim = (scenario, progress) -> {
            ran.add(scenario);
            progress.accept("t=1.0s");
            int keyed = complete ? scenario.receivers() : scenario.receivers() - 1;
            return new Summary(scenario.name(), scenario.senders(), scenario.receivers(), keyed, 0, 0, 0, 0,
                    scenario.senders(), 1, 1, 10, 100, 10, 0, 0, "ab", scenario.durationS(), 0.1, 0, "-", 0, 0, 0, 0, 0, 0,
                    0, 0, 0, 0, 0);
        };
        BatchRunner r = new BatchRunner();
        Field f = BatchRunner.class.getDeclaredField("simulator");
        f.setAccessible(true);
        f.set(r, sim);
        return r;
    }

    private int run(String job) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream()));
            System.setErr(new PrintStream(new ByteArrayOutputStream()));
            return runner().run(job);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void defaultScenarioSummaryFileAndExitCodes(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("s.json");
        assertThat(run("sim --summary " + summary)).isZero();
        assertThat(ran).containsExactly(Scenario.DEFAULT);
        assertThat(Files.readString(summary)).contains("\"receiversKeyed\": 400");
        complete = false;
        assertThat(run("sim -q")).isEqualTo(1);
    }

    @Test
    void scenarioFileAndBadInput(@TempDir Path dir) throws Exception {
        Path sc = dir.resolve("sc.json");
        Files.writeString(sc, "{\"senders\": 3, \"receivers\": 30}");
        assertThat(run("sim " + sc)).isZero();
        assertThat(ran.get(0).senders()).isEqualTo(3);
        assertThat(ran.get(0).name()).as("a file without a name key is named after the file").isEqualTo("sc");
        Files.writeString(sc, "{\"sendrs\": 3}");
        assertThat(run("sim " + sc)).isEqualTo(2);
        assertThat(run("sim " + dir.resolve("missing.json"))).isEqualTo(2);
        assertThat(run("sim --bogus")).isEqualTo(2);
        assertThat(run("sim --summary")).isEqualTo(2);
        assertThat(run("bench")).isEqualTo(2);
        assertThat(ran).hasSize(1);
    }
}
