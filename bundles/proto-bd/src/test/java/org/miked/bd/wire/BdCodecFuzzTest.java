package org.miked.bd.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.miked.common.wire.DecodeException;

/**
 * Coverage-guided fuzzing of {@link BdCodec#decode} (Burmester-Desmedt rounds from other senders;
 * docs/fuzzing.md). Invariants: only {@link DecodeException} escapes; the bitmaps cover only positions below
 * n; a decoded message whose group name is UTF-8 re-encodes to the same bytes, which decode to an equal
 * message (a non-UTF-8 name has replacement characters after decoding and may re-encode longer than 64 bytes).
 */
class BdCodecFuzzTest {

    @FuzzTest
    void decode(byte[] body) throws DecodeException {
        BdMessage m;
        try {
            m = BdCodec.decode(body);
        } catch (DecodeException e) {
            return;
        }
        assertThat(m.haveZ().length()).isLessThanOrEqualTo(m.n());
        assertThat(m.haveX().length()).isLessThanOrEqualTo(m.n());
        byte[] again = BdCodec.encode(m);
        if (!utf8Group(body)) {
            return; // a non-UTF-8 name decodes with replacement characters (docs/fuzzing.md, "Findings")
        }
        assertThat(again).isEqualTo(body);
        BdMessage back = BdCodec.decode(again);
        assertThat(back.header()).isEqualTo(m.header());
        assertThat(back.n()).isEqualTo(m.n());
        assertThat(back.haveZ()).isEqualTo(m.haveZ());
        assertThat(back.haveX()).isEqualTo(m.haveX());
        assertThat(back.z()).isEqualTo(m.z());
        assertThat(back.x()).isEqualTo(m.x());
    }

    /** @return true if the run header's group name (offset 28, u8 length) is well-formed UTF-8 */
    static boolean utf8Group(byte[] body) {
        byte[] g = Arrays.copyOfRange(body, 29, 29 + (body[28] & 0xff));
        return Arrays.equals(new String(g, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), g);
    }
}
