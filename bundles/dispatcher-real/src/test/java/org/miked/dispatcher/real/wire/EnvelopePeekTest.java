package org.miked.dispatcher.real.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.miked.common.crypto.Hex;
import org.miked.common.wire.DecodeException;
import org.miked.common.wire.WireWriter;

class EnvelopePeekTest {
    /** An envelope as the GMF's EnvelopeCodec writes it (docs/gmf-contract.md). */
    static byte[] envelope(String group, String sender) {
        return new WireWriter().u8(0x4d).u8(0x4b).u8(2).u8(2).string8(group).string8(sender).string8("").i64(7).i64(9)
                .bytes16(new byte[] {1, 2, 3}).toByteArray();
    }

    @Test
    void readsGroupAndSender() throws Exception {
        byte[] d = envelope("trial", "r00042");
        EnvelopePeek.Claim c = EnvelopePeek.peek(d, d.length);
        assertThat(c.group().name()).isEqualTo("trial");
        assertThat(c.sender().id()).isEqualTo("r00042");
    }

    @Test
    void fixedVector() throws Exception {
        // 4d4b 02 02 | 05 "trial" | 03 "s01" | rest ignored
        byte[] d = Hex.decode("4d4b020205747269616c03733031ffff");
        EnvelopePeek.Claim c = EnvelopePeek.peek(d, d.length);
        assertThat(c.group().name()).isEqualTo("trial");
        assertThat(c.sender().id()).isEqualTo("s01");
    }

    @Test
    void rejectsWhatIsNotAnEnvelope() {
        byte[] d = envelope("trial", "s01");
        assertThatThrownBy(() -> EnvelopePeek.peek(new byte[] {0x4d, 0x4c, 1}, 3)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("magic");
        byte[] v1 = d.clone();
        v1[2] = 1;
        assertThatThrownBy(() -> EnvelopePeek.peek(v1, v1.length)).hasMessageContaining("version");
        assertThatThrownBy(() -> EnvelopePeek.peek(d, 8)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("group");
        byte[] badId = Hex.decode("4d4b020205747269616c03732f31");
        assertThatThrownBy(() -> EnvelopePeek.peek(badId, badId.length)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("sender");
    }
}
