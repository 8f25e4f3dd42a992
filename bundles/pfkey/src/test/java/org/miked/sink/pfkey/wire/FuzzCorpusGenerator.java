package org.miked.sink.pfkey.wire;

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
import org.miked.common.crypto.Hex;

/**
 * Seed corpus of this package's fuzz tests: valid encodings, written to Jazzer's inputs directories under
 * {@code src/test/resources/org/miked/sink/pfkey/wire} ({@code <Class>Inputs/<method>/seed-*}). After a wire change run {@code ./miked fuzz corpus}
 * and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator {
    static final Path RESOURCES = Path.of("src/test/resources/org/miked/sink/pfkey/wire");

    /** The hand-laid PF_KEY messages of {@link PfKeyVectorGenerator} (requests and kernel replies share the layout). */
    static Map<String, List<Object[]>> seeds() {
        List<Object[]> d = new ArrayList<>();
        PfKeyVectorGenerator.vectors().forEach((name, hex) -> d.add(new Object[] {name, Hex.decode(hex)}));
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        out.put("PfKeyCodecFuzzTestInputs/decode", d);
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
