package org.miked.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NameCacheTest {
    final AtomicInteger parsed = new AtomicInteger();
    final NameCache<String> cache = new NameCache<>(4, t -> {
        parsed.incrementAndGet();
        if (!t.matches("[a-z0-9]+")) {
            throw new DecodeException("bad name '" + t + "'");
        }
        return new String(t);
    });

    static byte[] framed(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 3];
        out[0] = 9; // an unrelated byte before the name
        out[1] = (byte) b.length;
        System.arraycopy(b, 0, out, 2, b.length);
        out[out.length - 1] = 7;
        return out;
    }

    static <T> T read(byte[] framed, NameCache<T> c) throws DecodeException {
        WireReader r = new WireReader(framed);
        r.u8("before");
        T v = r.name8("name", 64, c);
        assertThat(r.u8("after")).isEqualTo(7);
        return v;
    }

    @Test
    void theSameBytesGiveTheSameObjectParsedOnce() throws DecodeException {
        String a = read(framed("s01"), cache);
        String b = read(framed("s01"), cache);
        assertThat(b).isSameAs(a).isEqualTo("s01");
        assertThat(parsed).hasValue(1);
        assertThat(read(framed("s02"), cache)).isEqualTo("s02");
    }

    @Test
    void manyNamesInFourSlotsAreAllDecodedRight() throws DecodeException {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                assertThat(read(framed("r" + i), cache)).isEqualTo("r" + i);
            }
        }
        assertThat(parsed.get()).isGreaterThan(100); // slots are overwritten: misses cost a parse, never memory
    }

    @Test
    void refusalsAreReportedEveryTimeAndNeverRemembered() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> read(framed("BAD!"), cache)).isInstanceOf(DecodeException.class)
                    .hasMessageContaining("bad name 'BAD!'");
        }
        assertThat(parsed).hasValue(2);
    }

    @Test
    void truncatedAndOverlongNamesAreRefusedNamingTheField() {
        byte[] cut = {5, 'a', 'b'};
        assertThatThrownBy(() -> new WireReader(cut).name8("sender", 64, cache)).hasMessageContaining("truncated at sender");
        byte[] lng = new byte[80];
        lng[0] = 70;
        assertThatThrownBy(() -> new WireReader(lng).name8("sender", 64, cache)).hasMessageContaining("sender too long: 70 > 64");
        assertThatThrownBy(() -> new NameCache<>(3, t -> t)).hasMessageContaining("power of two");
    }
}
