package org.miked.gdh.wire;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.miked.testkit.FuzzCorpusTest;

/**
 * Seed corpus of this package's fuzz tests: valid encodings from the fixed vectors, written to Jazzer's
 * inputs directories under {@code src/test/resources/org/miked/gdh/wire} ({@code <Class>Inputs/<method>/seed-*}). After a wire change run
 * {@code ./miked fuzz corpus} and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator extends FuzzCorpusTest {
    FuzzCorpusGenerator() {
        super(RESOURCES);
    }

    static final Path RESOURCES = Path.of("src/test/resources/org/miked/gdh/wire");

    @Override
    protected Map<String, List<Object[]>> corpus() {
        List<Object[]> codec = new ArrayList<>();
        int i = 0;
        for (GdhMessage m : GdhVectors.cases()) {
            codec.add(new Object[] {"vector-" + i++ + "-" + GdhMessage.typeName(m.header().type()), GdhVectors.encode(m)});
        }
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        out.put("GdhCodecFuzzTestInputs/decode", codec);
        return out;
    }
}
