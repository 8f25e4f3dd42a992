package org.miked.auth.tesla.core;

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
 * {@code src/test/resources/org/miked/auth/tesla/core} ({@code <Class>Inputs/<method>/seed-*}). After a wire change run {@code ./miked fuzz corpus}
 * and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator {
    static final Path RESOURCES = Path.of("src/test/resources/org/miked/auth/tesla/core");

    /** The key server's datagrams of the fuzz scenario: each alone, and the first 8 in order. */
    static Map<String, List<Object[]>> seeds() {
        List<byte[]> g = TeslaReceiverFuzzTest.genuine();
        List<Object[]> d = new ArrayList<>();
        for (int i = 0; i < g.size() && i < 12; i++) {
            d.add(new Object[] {String.format("%02d", i), FuzzBodies.join(List.of(g.get(i)))});
        }
        d.add(new Object[] {"all-in-order", FuzzBodies.join(g.subList(0, Math.min(g.size(), FuzzBodies.MAX)))});
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        out.put("TeslaReceiverFuzzTestInputs/hostileDatagrams", d);
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
