package org.miked.gdh.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.common.crypto.Hex;
import org.miked.common.wire.DecodeException;
import org.miked.dh.core.RunInfo;
import org.miked.dh.group.DhGroup;
import org.miked.dh.group.DhGroups;

class GdhCodecTest {

    @Test
    void roundTrips() throws DecodeException {
        for (GdhMessage m : GdhVectors.cases()) {
            byte[] b = GdhVectors.encode(m);
            assertThat(GdhVectors.encode(GdhCodec.decode(b))).isEqualTo(b);
        }
    }

    @Test
    void matchesFixedVectors() throws Exception {
        JsonObject root;
        try (var in = getClass().getResourceAsStream("/vectors/gdh-messages.json")) {
            root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        List<GdhMessage> cases = GdhVectors.cases();
        int k = 0;
        for (JsonElement e : root.getAsJsonArray("vectors")) {
            JsonObject o = e.getAsJsonObject();
            byte[] hex = Hex.decode(o.get("hex").getAsString());
            GdhMessage m = GdhCodec.decode(hex);
            assertThat(GdhMessage.typeName(m.header().type())).isEqualTo(o.get("type").getAsString());
            assertThat(m.header()).isEqualTo(cases.get(k).header());
            if (m instanceof GdhData d) {
                assertThat(d.total()).isEqualTo(o.get("total").getAsInt());
                assertThat(d.first()).isEqualTo(o.get("first").getAsInt());
            }
            assertThat(GdhVectors.encode(cases.get(k++))).isEqualTo(hex);
        }
        assertThat(k).isEqualTo(cases.size());
    }

    @Test
    void sizesForTwentyFiveMembersAndFragmentation() {
        List<MemberId> ids = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            ids.add(MemberId.of(String.format("s%02d", i)));
        }
        DhGroup p256 = DhGroups.byName("P-256");
        RunInfo info = RunInfo.of("gdh2", 2, p256, "trial", 1, ids, ids.get(23));
        byte[] el = p256.generator().encoded();
        // the largest upflow (M_24 -> M_25) carries 25 elements and fits one packet
        assertThat(GdhCodec.maxPerFragment(info.header(GdhMessage.UPFLOW), 33)).isEqualTo(31);
        assertThat(GdhCodec.encode(new GdhData(info.header(GdhMessage.UPFLOW), null, 25, 0,
                Collections.nCopies(25, el))).length).isEqualTo(34 + 3 + 25 * 33);
        assertThat(GdhCodec.encode(new GdhStatus(info.header(GdhMessage.STATUS), new byte[16], 25,
                new java.util.BitSet())).length).isEqualTo(34 + 16 + 1 + 4);
        DhGroup ff = DhGroups.byName("ffdhe2048");
        RunInfo fi = RunInfo.of("gdh2", 2, ff, "trial", 1, ids, ids.get(23));
        assertThat(GdhCodec.maxPerFragment(fi.header(GdhMessage.UPFLOW), 256)).isEqualTo(4);
        assertThat(GdhCodec.maxPerFragment(fi.header(GdhMessage.LEAVE), 256)).isEqualTo(3);
        assertThat(GdhCodec.maxPerFragment(RunInfo.of("gdh2", 2, DhGroups.byName("ffdhe3072"), "trial", 1, ids,
                ids.get(0)).header(GdhMessage.UPFLOW), 384)).isEqualTo(2);
    }

    @Test
    void hostileInputIsNamed() {
        byte[] ok = GdhVectors.encode(GdhVectors.cases().get(0));
        byte[] range = ok.clone();
        range[34 + 1] = 2; // first = 2 of total 2
        assertThatThrownBy(() -> GdhCodec.decode(range)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("fragment 2+2 of 2");
        assertThatThrownBy(() -> GdhCodec.decode(java.util.Arrays.copyOf(ok, ok.length - 1)))
                .hasMessageContaining("elements: 2 x 33 bytes expected, 65 present");
        byte[] proto = ok.clone();
        proto[0] = 1;
        assertThatThrownBy(() -> GdhCodec.decode(proto)).hasMessageContaining("not gdh2");
    }
}
