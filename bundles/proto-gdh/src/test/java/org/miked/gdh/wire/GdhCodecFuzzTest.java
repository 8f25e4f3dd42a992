package org.miked.gdh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.miked.common.wire.DecodeException;

/**
 * Coverage-guided fuzzing of {@link GdhCodec#decode} (GDH.2 / GDH.3 / leave messages and STATUS nags from
 * other senders; docs/fuzzing.md). Invariants: only {@link DecodeException} escapes; a decoded message whose
 * group name is UTF-8 re-encodes to the same bytes, which decode to an equal message; a fragment lies within
 * its list and a bitmap below n.
 */
class GdhCodecFuzzTest {

    @FuzzTest
    void decode(byte[] body) throws DecodeException {
        GdhMessage m;
        try {
            m = GdhCodec.decode(body);
        } catch (DecodeException e) {
            return;
        }
        byte[] again = GdhVectors.encode(m);
        byte[] g = Arrays.copyOfRange(body, 29, 29 + (body[28] & 0xff));
        if (!Arrays.equals(new String(g, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), g)) {
            return; // a non-UTF-8 name decodes with replacement characters (docs/fuzzing.md, "Findings")
        }
        assertThat(again).isEqualTo(body);
        GdhMessage back = GdhCodec.decode(again);
        assertThat(back.header()).isEqualTo(m.header());
        if (m instanceof GdhData d) {
            GdhData b = (GdhData) back;
            assertThat(d.first() + d.elements().size()).isLessThanOrEqualTo(d.total());
            assertThat(b.total()).isEqualTo(d.total());
            assertThat(b.first()).isEqualTo(d.first());
            assertThat(b.lineage()).isEqualTo(d.lineage());
            assertThat(b.elements()).hasSameSizeAs(d.elements());
            for (int i = 0; i < d.elements().size(); i++) {
                assertThat(b.elements().get(i)).isEqualTo(d.elements().get(i));
            }
        } else {
            GdhStatus s = (GdhStatus) m;
            GdhStatus b = (GdhStatus) back;
            assertThat(s.need().length()).isLessThanOrEqualTo(s.n());
            assertThat(b.n()).isEqualTo(s.n());
            assertThat(b.need()).isEqualTo(s.need());
            assertThat(b.lineage()).isEqualTo(s.lineage());
        }
    }
}
