package org.miked.dh.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.miked.common.crypto.Hex;
import org.miked.common.wire.DecodeException;
import org.miked.common.wire.WireReader;
import org.miked.common.wire.WireWriter;

class RunHeaderCodecTest {

    @Test
    void roundTrips() throws DecodeException {
        for (RunHeader h : RunHeaderVectors.cases()) {
            byte[] b = RunHeaderVectors.encode(h);
            assertThat(b).hasSize(RunHeaderCodec.FIXED_BYTES + h.group().length());
            WireReader r = new WireReader(b);
            assertThat(RunHeaderCodec.read(r)).isEqualTo(h);
            assertThat(r.remaining()).isZero();
        }
    }

    @Test
    void matchesFixedVectors() throws Exception {
        JsonObject root;
        try (var in = getClass().getResourceAsStream("/vectors/run-header.json")) {
            root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        int n = 0;
        for (JsonElement e : root.getAsJsonArray("vectors")) {
            JsonObject o = e.getAsJsonObject();
            RunHeader h = RunHeaderCodec.read(new WireReader(Hex.decode(o.get("hex").getAsString())));
            assertThat(h).isEqualTo(new RunHeader(o.get("protocol").getAsInt(), o.get("type").getAsInt(),
                    o.get("dhGroup").getAsInt(), o.get("position").getAsInt(),
                    Long.parseUnsignedLong(o.get("run").getAsString()), Hex.decode(o.get("listHash").getAsString()),
                    o.get("group").getAsString()));
            assertThat(Hex.encode(RunHeaderVectors.encode(h))).isEqualTo(o.get("hex").getAsString());
            n++;
        }
        assertThat(n).isEqualTo(RunHeaderVectors.cases().size());
    }

    @Test
    void hostileHeadersAreNamed() {
        byte[] b = RunHeaderVectors.encode(RunHeaderVectors.cases().get(0));
        assertThatThrownBy(() -> RunHeaderCodec.read(new WireReader(java.util.Arrays.copyOf(b, 10))))
                .isInstanceOf(DecodeException.class).hasMessageContaining("header.run");
        byte[] empty = b.clone();
        empty[28] = 0;
        assertThatThrownBy(() -> RunHeaderCodec.read(new WireReader(java.util.Arrays.copyOf(empty, 29))))
                .hasMessageContaining("header.group is empty");
    }

    @Test
    void bitmapsRoundTripAndRejectPadding() throws DecodeException {
        BitSet s = new BitSet();
        s.set(0);
        s.set(9);
        s.set(24);
        WireWriter w = new WireWriter();
        Bitmaps.write(w, s, 25);
        assertThat(Hex.encode(w.toByteArray())).isEqualTo("80400080");
        assertThat(Bitmaps.read(new WireReader(w.toByteArray()), 25, "b")).isEqualTo(s);
        assertThatThrownBy(() -> Bitmaps.read(new WireReader(Hex.decode("80400040")), 25, "b"))
                .hasMessageContaining("padding bit 25");
    }
}
