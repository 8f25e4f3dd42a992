package org.miked.lkh.wire;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.miked.testkit.FuzzCorpusTest;

/**
 * Seed corpus of {@link LkhCodecFuzzTest}: the fixed vectors ({@link LkhVectors}) plus a LEAVE_ACK, written to
 * {@code src/test/resources/org/miked/lkh/wire/LkhCodecFuzzTestInputs/decode/seed-*}. After a wire change run
 * {@code ./miked fuzz corpus} and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator extends FuzzCorpusTest {
    FuzzCorpusGenerator() {
        super(RESOURCES);
    }

    static final Path RESOURCES = Path.of("src/test/resources/org/miked/lkh/wire");

    @Override
    protected Map<String, List<Object[]>> corpus() {
        List<Object[]> codec = new ArrayList<>(LkhVectors.messages());
        codec.add(new Object[] {"leave-ack", LkhCodec.leaveAck(9, 7)});
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        out.put("LkhCodecFuzzTestInputs/decode", codec);
        return out;
    }
}
