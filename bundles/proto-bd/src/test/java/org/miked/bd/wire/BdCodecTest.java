package org.miked.bd.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.common.crypto.Hex;
import org.miked.common.wire.DecodeException;
import org.miked.dh.core.RunInfo;
import org.miked.dh.group.DhGroups;

class BdCodecTest {

    private static void assertSame(BdMessage a, BdMessage b) {
        assertThat(a.header()).isEqualTo(b.header());
        assertThat(a.n()).isEqualTo(b.n());
        assertThat(a.haveZ()).isEqualTo(b.haveZ());
        assertThat(a.haveX()).isEqualTo(b.haveX());
        assertThat(a.z()).isEqualTo(b.z());
        assertThat(a.x()).isEqualTo(b.x());
    }

    @Test
    void roundTrips() throws DecodeException {
        for (BdMessage m : BdVectors.cases()) {
            assertSame(BdCodec.decode(BdCodec.encode(m)), m);
        }
    }

    @Test
    void matchesFixedVectors() throws Exception {
        JsonObject root;
        try (var in = getClass().getResourceAsStream("/vectors/bd-messages.json")) {
            root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        List<BdMessage> cases = BdVectors.cases();
        int k = 0;
        for (JsonElement e : root.getAsJsonArray("vectors")) {
            JsonObject o = e.getAsJsonObject();
            BdMessage m = BdCodec.decode(Hex.decode(o.get("hex").getAsString()));
            assertThat(m.header().type()).isEqualTo(o.get("type").getAsInt());
            assertThat(m.header().run()).isEqualTo(o.get("run").getAsLong());
            assertThat(m.haveZ().toString()).isEqualTo(o.get("haveZ").getAsString());
            assertThat(Hex.encode(m.z())).isEqualTo(o.get("z").getAsString());
            assertSame(m, cases.get(k++));
            assertThat(Hex.encode(BdCodec.encode(m))).isEqualTo(o.get("hex").getAsString());
        }
        assertThat(k).isEqualTo(cases.size());
    }

    @Test
    void sizesForTwentyFiveMembers() {
        List<MemberId> ids = new java.util.ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            ids.add(MemberId.of(String.format("s%02d", i)));
        }
        for (String g : List.of("P-256", "ffdhe2048", "ffdhe3072")) {
            var group = DhGroups.byName(g);
            RunInfo info = RunInfo.of("bd", 1, group, "trial", 1, ids, ids.get(0));
            byte[] el = group.generator().encoded();
            int r1 = BdCodec.encode(new BdMessage(info.header(1), 25, new java.util.BitSet(), new java.util.BitSet(), el, null)).length;
            int r2 = BdCodec.encode(new BdMessage(info.header(2), 25, new java.util.BitSet(), new java.util.BitSet(), el, el)).length;
            int expected1 = 34 + 1 + 4 + 4 + group.elementBytes();
            assertThat(r1).isEqualTo(expected1);
            assertThat(r2).isEqualTo(expected1 + group.elementBytes()).isLessThanOrEqualTo(1072);
        }
    }

    @Test
    void hostileInputIsNamed() {
        byte[] ok = BdCodec.encode(BdVectors.cases().get(1));
        byte[] badType = ok.clone();
        badType[1] = 9;
        assertThatThrownBy(() -> BdCodec.decode(badType)).hasMessageContaining("header.type 9");
        byte[] badGroup = ok.clone();
        badGroup[2] = 99;
        assertThatThrownBy(() -> BdCodec.decode(badGroup)).hasMessageContaining("header.dhGroup 99");
        byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 1);
        assertThatThrownBy(() -> BdCodec.decode(longer)).hasMessageContaining("trailing");
        byte[] pad = ok.clone();
        pad[35] = (byte) 0xff; // haveZ bitmap of n = 3 with padding bits set
        assertThatThrownBy(() -> BdCodec.decode(pad)).hasMessageContaining("padding bit");
    }
}
