package org.miked.dispatcher.real.wire;

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
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.gmf.wire.Envelope;
import org.miked.gmf.wire.EnvelopeCodec;

/**
 * Seed corpus of this package's fuzz tests: valid encodings, written to Jazzer's inputs directories under
 * {@code src/test/resources/org/miked/dispatcher/real/wire} ({@code <Class>Inputs/<method>/seed-*}). After a wire change run {@code ./miked fuzz corpus}
 * and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator {
    static final Path RESOURCES = Path.of("src/test/resources/org/miked/dispatcher/real/wire");

    static Map<String, List<Object[]>> seeds() {
        List<Object[]> d = new ArrayList<>();
        Envelope a = new Envelope(Envelope.Kind.AGREEMENT, GroupId.of("trial"), MemberId.of("s01"), null, 7, 1, new byte[] {1, 2, 3});
        Envelope b = new Envelope(Envelope.Kind.DISTRIBUTION, GroupId.of("g".repeat(64)), MemberId.of("r00001:x"),
                MemberId.of("s01"), 0, 0, new byte[0]);
        d.add(new Object[] {"agreement", EnvelopeCodec.encode(a)});
        d.add(new Object[] {"distribution-long-group", EnvelopeCodec.encode(b)});
        byte[] sealed = java.util.Arrays.copyOf(EnvelopeCodec.encode(a), EnvelopeCodec.encode(a).length + 64);
        d.add(new Object[] {"with-signature-trailer", sealed});
        d.add(new Object[] {"names-only", java.util.Arrays.copyOf(EnvelopeCodec.encode(a), 4 + 1 + 5 + 1 + 3)});
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        out.put("EnvelopePeekFuzzTestInputs/peek", d);
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
