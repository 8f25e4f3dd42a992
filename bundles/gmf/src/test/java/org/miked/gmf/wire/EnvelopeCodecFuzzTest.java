package org.miked.gmf.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.miked.common.wire.DecodeException;

/**
 * Coverage-guided fuzzing of the envelope codec's two trust-boundary decoders (docs/fuzzing.md). Corpus:
 * {@code src/test/resources/org/miked/gmf/wire/EnvelopeCodecFuzzTestInputs/decode/} (from
 * {@link FuzzCorpusGenerator}).
 *
 * <p>Invariants: only {@link DecodeException} escapes; an exactly decoded envelope re-encodes to the same
 * bytes (the encoding is canonical); {@code decodePrefix} accepts exactly the inputs whose first
 * {@code 24 + len(group) + len(sender) + len(body)} bytes {@code decodeExact} accepts, with the same routing
 * fields.
 */
class EnvelopeCodecFuzzTest {

    @FuzzTest
    void decode(byte[] data) {
        Envelope exact = null;
        try {
            exact = EnvelopeCodec.decodeExact(data);
            assertThat(EnvelopeCodec.encode(exact)).as("re-encoding of an exactly decoded envelope").isEqualTo(data);
        } catch (DecodeException e) {
            // rejected: fine
        }
        EnvelopeIn prefix;
        try {
            prefix = EnvelopeCodec.decodePrefix(data);
        } catch (DecodeException e) {
            assertThat(exact).as("decodeExact accepted what decodePrefix rejects: " + e.getMessage()).isNull();
            return;
        }
        int n = envelopeLength(data);
        Envelope head;
        try {
            head = EnvelopeCodec.decodeExact(Arrays.copyOf(data, n));
        } catch (DecodeException e) {
            throw new AssertionError("decodePrefix accepted an envelope of " + n + " bytes that decodeExact rejects", e);
        }
        assertThat(new EnvelopeIn(head.kind(), head.group(), head.sender(), head.sequence())).isEqualTo(prefix);
        if (exact != null) {
            assertThat(n).isEqualTo(data.length);
        }
    }

    /** The envelope's length read from its own length fields (independent of the codec under test). */
    private static int envelopeLength(byte[] d) {
        int g = d[4] & 0xff;
        int s = d[5 + g] & 0xff;
        int r = d[6 + g + s] & 0xff; // the recipient (envelope version 2)
        int bodyAt = 4 + 1 + g + 1 + s + 1 + r + 16;
        int body = (d[bodyAt] & 0xff) << 8 | (d[bodyAt + 1] & 0xff);
        return bodyAt + 2 + body;
    }
}
