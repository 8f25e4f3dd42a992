package org.miked.bd.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.miked.testkit.FuzzCorpusTest;
import org.miked.testkit.FuzzBodies;

/**
 * Seed corpus of this package's fuzz tests: valid encodings, written to Jazzer's inputs directories under
 * {@code src/test/resources/org/miked/bd/core} ({@code <Class>Inputs/<method>/seed-*}). After a wire change run {@code ./miked fuzz corpus}
 * and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator extends FuzzCorpusTest {
    FuzzCorpusGenerator() {
        super(RESOURCES);
    }

    static final Path RESOURCES = Path.of("src/test/resources/org/miked/bd/core");

    /** What s03 sends s01 in a genuine run 1: each body alone, and all of them in order. */
    @Override
    protected Map<String, List<Object[]>> corpus() {
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
}
