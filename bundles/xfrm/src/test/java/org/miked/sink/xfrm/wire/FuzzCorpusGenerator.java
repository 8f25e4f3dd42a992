package org.miked.sink.xfrm.wire;

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
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.miked.common.crypto.Hex;

/**
 * Seed corpus of this package's fuzz tests: valid encodings, written to Jazzer's inputs directories under
 * {@code src/test/resources/org/miked/sink/xfrm/wire} ({@code <Class>Inputs/<method>/seed-*}). After a wire change run {@code ./miked fuzz corpus}
 * and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator {
    static final Path RESOURCES = Path.of("src/test/resources/org/miked/sink/xfrm/wire");

    /** The hand-laid kernel messages and the NEWSA requests iproute2 sends (same layout as the kernel's NEWSA). */
    static Map<String, List<Object[]>> seeds() {
        List<Object[]> d = new ArrayList<>();
        XfrmVectorGenerator.vectors().forEach((name, hex) -> d.add(new Object[] {name, Hex.decode(hex)}));
        try (var in = FuzzCorpusGenerator.class.getResourceAsStream("/vectors/xfrm-iproute2.json")) {
            JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            for (var v : root.getAsJsonArray("vectors")) {
                JsonObject o = v.getAsJsonObject();
                d.add(new Object[] {"iproute2-" + o.get("name").getAsString(), Hex.decode(o.get("hex").getAsString())});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        out.put("XfrmCodecFuzzTestInputs/decode", d);
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
