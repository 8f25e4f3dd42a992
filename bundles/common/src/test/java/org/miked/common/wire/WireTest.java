package org.miked.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireTest {
    @Test
    void roundTrip() throws Exception {
        byte[] b = new WireWriter().u8(1).u16(513).i32(-2).i64(1L << 40).string8("grp").bytes16(new byte[] {9, 8})
                .toByteArray();
        WireReader r = new WireReader(b);
        assertThat(r.u8("a")).isEqualTo(1);
        assertThat(r.u16("b")).isEqualTo(513);
        assertThat(r.i32("c")).isEqualTo(-2);
        assertThat(r.i64("d")).isEqualTo(1L << 40);
        assertThat(r.string8("e", 64)).isEqualTo("grp");
        assertThat(r.bytes16("f", 10)).containsExactly(9, 8);
        r.expectEnd("msg");
    }

    @Test
    void truncationAndOversizeNameTheField() {
        assertThatThrownBy(() -> new WireReader(new byte[] {0, 5, 1}).bytes16("payload", 100))
                .isInstanceOf(DecodeException.class).hasMessageContaining("truncated at payload");
        assertThatThrownBy(() -> new WireReader(new byte[] {0, 50}).bytes16("payload", 10))
                .hasMessageContaining("payload too long");
        assertThatThrownBy(() -> new WireReader(new byte[] {(byte) 0xff, (byte) 0xff}).count16("keys", 100000, 8))
                .hasMessageContaining("cannot fit");
        assertThatThrownBy(() -> new WireReader(new byte[] {1, 2}).expectEnd("msg")).hasMessageContaining("trailing");
    }
}
