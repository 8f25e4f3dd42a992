package org.miked.gmf.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.miked.testkit.FuzzCorpus;
import org.miked.api.GroupId;
import org.miked.api.MemberId;

/**
 * Seed corpus of this module's fuzz tests: valid encodings, written to the Jazzer inputs directories
 * ({@code src/test/resources/org/miked/gmf/wire/<Class>Inputs/<method>/seed-*}). After a wire change run
 * {@code ./miked fuzz corpus} (or {@code mvn -o -pl bundles/gmf test -Dtest=FuzzCorpusGenerator
 * -Dmiked.fuzz.generate=true}) and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator {
    private static final Path RESOURCES = Path.of("src/test/resources/org/miked/gmf/wire");

    /** @return fuzz test directory (Class + "Inputs/" + method) to (name, bytes) seeds */
    static Map<String, List<Object[]>> seeds() {
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        GroupId g = GroupId.of("trial");
        MemberId s = MemberId.of("s01");
        byte[] body = {1, 2, 3};
        Envelope agreement = new Envelope(Envelope.Kind.AGREEMENT, g, s, null, 7, 0x0102030405060708L, body);
        Envelope distribution = new Envelope(Envelope.Kind.DISTRIBUTION, GroupId.of("g"), MemberId.of("r00001"), null,
                0, 0, new byte[0]);
        Envelope unicast = new Envelope(Envelope.Kind.DISTRIBUTION, g, s, MemberId.of("r00042"), 7, 9, body);
        Envelope control = new Envelope(Envelope.Kind.CONTROL, GroupId.of("a".repeat(64)), MemberId.of("h:1.2-3_x"),
                null, Long.MAX_VALUE, -1, ControlCodec.encode(new Control.Epoch(3, 4)));
        byte[] sealed = Arrays.copyOf(EnvelopeCodec.encode(agreement), EnvelopeCodec.encode(agreement).length + 34);
        out.put("EnvelopeCodecFuzzTestInputs/decode", List.of(
                new Object[] {"agreement", EnvelopeCodec.encode(agreement)},
                new Object[] {"distribution-empty-body", EnvelopeCodec.encode(distribution)},
                new Object[] {"unicast-with-recipient", EnvelopeCodec.encode(unicast)},
                new Object[] {"control-long-names", EnvelopeCodec.encode(control)},
                new Object[] {"with-trailer", sealed}));
        List<MemberId> members = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            members.add(MemberId.of(String.format("s%02d", i)));
        }
        out.put("ControlCodecFuzzTestInputs/decode", List.of(
                new Object[] {"start", ControlCodec.encode(new Control.Start(5, 40, members))},
                new Object[] {"hello", ControlCodec.encode(new Control.Hello(5, 41, Control.Hello.KEYED))},
                new Object[] {"epoch", ControlCodec.encode(new Control.Epoch(5, 42))},
                new Object[] {"bye", ControlCodec.encode(new Control.Bye(5))},
                new Object[] {"revoke", ControlCodec.encode(new Control.Revoke(MemberId.of("r00042"), true, 1_700_000_000_000L))}));
        return out;
    }

    /** Every seed is a valid encoding: a stale seed after a wire change fails here, not silently. */
    @Test
    void seedsDecode() throws Exception {
        for (Object[] s : seeds().get("EnvelopeCodecFuzzTestInputs/decode")) {
            EnvelopeCodec.decodePrefix((byte[]) s[1]);
        }
        for (Object[] s : seeds().get("ControlCodecFuzzTestInputs/decode")) {
            assertThat(ControlCodec.encode(ControlCodec.decode((byte[]) s[1]))).isEqualTo((byte[]) s[1]);
        }
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
