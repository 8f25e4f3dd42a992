package org.miked.gmf.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.miked.common.wire.DecodeException;

/**
 * Coverage-guided fuzzing of {@link ControlCodec#decode} (GMF control bodies among senders; docs/fuzzing.md).
 * Invariants: only {@link DecodeException} escapes, and a decoded body re-encodes to the same bytes.
 */
class ControlCodecFuzzTest {

    @FuzzTest
    void decode(byte[] body) {
        Control c;
        try {
            c = ControlCodec.decode(body);
        } catch (DecodeException e) {
            return;
        }
        assertThat(ControlCodec.encode(c)).as("re-encoding of " + c).isEqualTo(body);
    }
}
