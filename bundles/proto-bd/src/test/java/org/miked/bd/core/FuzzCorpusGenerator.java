package org.miked.bd.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.miked.testkit.FuzzCorpus;
import org.miked.testkit.FuzzBodies;

/**
 * Seed corpus of this package's fuzz tests: valid encodings, written to Jazzer's inputs directories under
 * {@code src/test/resources/org/miked/bd/core} ({@code <Class>Inputs/<method>/seed-*}). After a wire change run {@code ./miked fuzz corpus}
 * and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator {
    static final Path RESOURCES = Path.of("src/test/resources/org/miked/bd/core");

    /** What s03 sends s01 in a genuine run 1: each body alone, and all of them in order. */
    static Map<String, List<Object[]>> seeds() {
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        out.put("BdSessionFuzzTestInputs/hostileInsiderBodies", framed(BdSessionFuzzTest.genuineFromS03()));
        return out;
    }

    static List<Object[]> framed(List<byte[]> bodies) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < bodies.size() && i < 12; i++) {
            out.add(new Object[] {String.format("%02d", i), FuzzBodies.join(List.of(bodies.get(i)))});
        }
        out.add(new Object[] {"all-in-order", FuzzBodies.join(bodies.subList(0, Math.min(bodies.size(), FuzzBodies.MAX)))});
        return out;
    }

    @Test
    @DisabledIfSystemProperty(named = FuzzCorpus.GENERATE, matches = "true")
    void committedSeedsAreCurrent() throws IOException {
        FuzzCorpus.check(RESOURCES, seeds());
    }

    @Test
    @EnabledIfSystemProperty(named = FuzzCorpus.GENERATE, matches = "true")
    void generate() throws IOException {
        FuzzCorpus.write(RESOURCES, seeds());
    }
}
