package org.miked.lkh.wire;


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

/**
 * Seed corpus of {@link LkhCodecFuzzTest}: the fixed vectors ({@link LkhVectors}) plus a LEAVE_ACK, written to
 * {@code src/test/resources/org/miked/lkh/wire/LkhCodecFuzzTestInputs/decode/seed-*}. After a wire change run
 * {@code ./miked fuzz corpus} and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator {
    static final Path RESOURCES = Path.of("src/test/resources/org/miked/lkh/wire");

    static Map<String, List<Object[]>> seeds() {
        List<Object[]> codec = new ArrayList<>(LkhVectors.messages());
        codec.add(new Object[] {"leave-ack", LkhCodec.leaveAck(9, 7)});
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        out.put("LkhCodecFuzzTestInputs/decode", codec);
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
