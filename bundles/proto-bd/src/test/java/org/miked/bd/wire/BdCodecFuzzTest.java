package org.miked.bd.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.miked.common.wire.DecodeException;

/**
 * Coverage-guided fuzzing of {@link BdCodec#decode} (Burmester-Desmedt rounds from other senders;
 * docs/fuzzing.md). Invariants: only {@link DecodeException} escapes; a decoded message re-encodes to the
 * same bytes when its group name is UTF-8 (the run header's only second spelling), and always to bytes that
 * decode to an equal message; the bitmaps cover only positions below n.
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
        BdMessage back = BdCodec.decode(again);
        assertThat(back.header()).isEqualTo(m.header());
        assertThat(back.n()).isEqualTo(m.n());
        assertThat(back.haveZ()).isEqualTo(m.haveZ());
        assertThat(back.haveX()).isEqualTo(m.haveX());
        assertThat(back.z()).isEqualTo(m.z());
        assertThat(back.x()).isEqualTo(m.x());
        if (utf8Group(body)) {
            assertThat(again).isEqualTo(body);
        }
    }

    /** @return true if the run header's group name (offset 28, u8 length) is well-formed UTF-8 */
    static boolean utf8Group(byte[] body) {
        byte[] g = Arrays.copyOfRange(body, 29, 29 + (body[28] & 0xff));
        return Arrays.equals(new String(g, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), g);
    }
}
