package org.miked.lkh.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.junit.jupiter.api.Test;
import org.miked.common.crypto.Hex;
import org.miked.common.crypto.KeyWrap;
import org.miked.common.wire.DecodeException;

class LkhCodecTest {

    private static Object decode(byte[] b) throws DecodeException {
        return switch (LkhCodec.type(b)) {
            case LkhCodec.REGISTER -> LkhCodec.decodeRegister(b);
            case LkhCodec.LEAVE -> LkhCodec.decodeLeave(b);
            case LkhCodec.REPAIR_REQ -> LkhCodec.decodeRepairRequest(b);
            case LkhCodec.REFUSE -> LkhCodec.decodeRefuse(b);
            case LkhCodec.HEARTBEAT -> LkhCodec.decodeHeartbeat(b);
            case LkhCodec.REFRESH -> LkhCodec.decodeRefresh(b);
            case LkhCodec.REFRESH_ACK -> new Ack(LkhCodec.decodeRefreshAck(b));
            default -> LkhCodec.decodeKeyMessage(b);
        };
    }

    private static byte[] encode(Object o) {
        if (o instanceof KeyMessage m) {
            return LkhCodec.encode(m);
        } else if (o instanceof LkhCodec.Register r) {
            return LkhCodec.register(r.clientPub());
        } else if (o instanceof LkhCodec.Leave l) {
            return LkhCodec.leave(l.leaf(), l.leafVersion());
        } else if (o instanceof LkhCodec.RepairRequest q) {
            return LkhCodec.repairRequest(q.leaf(), q.leafVersion(), q.haveEpoch(), q.haveSeq());
        } else if (o instanceof LkhCodec.Refuse r) {
            return LkhCodec.refuse(r.code(), r.answers(), r.binding(), r.reason());
        } else if (o instanceof LkhCodec.Refresh f) {
            return LkhCodec.refresh(f.leaf(), f.leafVersion(), f.counter());
        } else if (o instanceof Ack a) {
            return LkhCodec.refreshAck(a.f().leaf(), a.f().leafVersion(), a.f().counter());
        }
        LkhCodec.Heartbeat h = (LkhCodec.Heartbeat) o;
        return LkhCodec.heartbeat(h.degree(), h.seq(), h.epoch());
    }

    /** A REFRESH_ACK (the same fields as a REFRESH, another type byte). */
    private record Ack(LkhCodec.Refresh f) {
    }

    @Test
    void refreshAndItsAckAreThirteenBytesAndRefuseMayAnswerARefresh() throws DecodeException {
        byte[] r = LkhCodec.refresh(5, 0xfffffffeL, 0xffffffffL);
        assertThat(r).hasSize(13);
        assertThat(LkhCodec.decodeRefresh(r)).isEqualTo(new LkhCodec.Refresh(5, 0xfffffffeL, 0xffffffffL));
        assertThat(LkhCodec.decodeRefreshAck(LkhCodec.refreshAck(5, 1, 2))).isEqualTo(new LkhCodec.Refresh(5, 1, 2));
        assertThatThrownBy(() -> LkhCodec.decodeRefreshAck(r))
                .isInstanceOf(DecodeException.class).hasMessageContaining("type 7, expected 8");
        assertThatThrownBy(() -> LkhCodec.decodeRefresh(java.util.Arrays.copyOf(r, 12)))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> LkhCodec.decodeRefresh(java.util.Arrays.copyOf(r, 14)))
                .isInstanceOf(DecodeException.class);
        LkhCodec.Refuse f = LkhCodec.decodeRefuse(LkhCodec.refuse(LkhCodec.UNKNOWN, LkhCodec.REFRESH,
                LkhCodec.repairBinding(5, 1), "not a member"));
        assertThat(f.binds(LkhCodec.REFRESH, LkhCodec.repairBinding(5, 1))).isTrue();
        assertThat(f.binds(LkhCodec.REPAIR_REQ, LkhCodec.repairBinding(5, 1))).isFalse();
    }

    @Test
    void everyMessageRoundTrips() throws DecodeException {
        for (Object[] m : LkhVectors.messages()) {
            byte[] body = (byte[]) m[1];
            Object decoded = decode(body);
            assertThat(encode(decoded)).as((String) m[0]).isEqualTo(body);
        }
    }

    @Test
    void fixedVectorsDecodeToTheSameMessages() throws Exception {
        JsonObject root;
        try (var in = getClass().getResourceAsStream("/vectors/lkh-messages.json")) {
            root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        Map<String, byte[]> expected = new HashMap<>();
        for (Object[] m : LkhVectors.messages()) {
            expected.put((String) m[0], (byte[]) m[1]);
        }
        int n = 0;
        for (JsonElement e : root.getAsJsonArray("vectors")) {
            String name = e.getAsJsonObject().get("name").getAsString();
            byte[] hex = Hex.decode(e.getAsJsonObject().get("hex").getAsString());
            assertThat(hex).as(name).isEqualTo(expected.get(name));
            assertThat(encode(decode(hex))).as(name).isEqualTo(hex);
            n++;
        }
        assertThat(n).isEqualTo(expected.size());
        KeyMessage rekey = LkhCodec.decodeKeyMessage(expected.get("rekey"));
        assertThat(rekey.seq()).isEqualTo(7);
        assertThat(rekey.epoch()).isEqualTo(3);
        assertThat(rekey.entries()).hasSize(5);
        assertThat(rekey.entries().get(3).kind()).isEqualTo(WrapEntry.Kind.SELF);
        assertThat(rekey.entries().get(3).kekVersion()).isEqualTo(5);
        // 28 header + 3 implicit-version entries + 1 explicit (PARENT 1/1 v7 -> 7 is implicit) + epoch 48
        assertThat(expected.get("rekey")).hasSize(28 + 4 * 32 + 48);
        assertThat(expected.get("welcome")).hasSize(60 + 3 * 32 + 48);
    }

    @Test
    void vectorWrapsAreTheRfc3394Vectors() throws InvalidCipherTextException {
        assertThat(Hex.encode(KeyWrap.unwrap(Hex.decode(LkhVectors.RFC3394_41_KEK), Hex.decode(LkhVectors.RFC3394_41_WRAP))))
                .isEqualTo(LkhVectors.RFC3394_41_KEY);
        assertThat(Hex.encode(KeyWrap.unwrap(Hex.decode(LkhVectors.RFC3394_46_KEK), Hex.decode(LkhVectors.RFC3394_46_WRAP))))
                .isEqualTo(LkhVectors.RFC3394_46_KEY);
    }

    @Test
    void implicitVersionSavesFourBytes() throws DecodeException {
        byte[] w = new byte[24];
        KeyMessage m = new KeyMessage(LkhCodec.KEYS, 4, 0, 1, 10, 1, 0, 0, new byte[0],
                List.of(new WrapEntry(WrapEntry.Kind.PARENT, 0, 3, 10, w), new WrapEntry(WrapEntry.Kind.PARENT, 1, 3, 9, w)));
        byte[] b = LkhCodec.encode(m);
        assertThat(b).hasSize(28 + 32 + 36);
        assertThat(LkhCodec.decodeKeyMessage(b)).isEqualTo(m);
    }

    @Test
    void peekReadsTheSequenceAndEpochTheDecoderReads() throws DecodeException {
        byte[] w = new byte[24];
        KeyMessage m = new KeyMessage(LkhCodec.REPAIR, 4, 0, 1, 0xfedcba98L, 0x0123456789abcdefL, 0, 3, new byte[0],
                List.of(new WrapEntry(WrapEntry.Kind.PARENT, 0, 3, 10, w)));
        byte[] b = LkhCodec.encode(m);
        KeyMessage d = LkhCodec.decodeKeyMessage(b);
        assertThat(LkhCodec.peekSeqEpoch(b)).containsExactly(d.seq(), d.epoch());
        assertThat(LkhCodec.peekSeqEpoch(java.util.Arrays.copyOf(b, 19))).isNull();
    }

    @Test
    void malformedFieldsAreNamed() {
        byte[] rekey = LkhVectors.messages().get(5)[1] instanceof byte[] b ? b : null;
        byte[] badDegree = rekey.clone();
        badDegree[1] = 1;
        assertThatThrownBy(() -> LkhCodec.decodeKeyMessage(badDegree)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("degree");
        byte[] badPart = rekey.clone();
        badPart[5] = 9;
        assertThatThrownBy(() -> LkhCodec.decodeKeyMessage(badPart)).hasMessageContaining("part");
        byte[] tooMany = rekey.clone();
        tooMany[6] = 0x7f;
        assertThatThrownBy(() -> LkhCodec.decodeKeyMessage(tooMany)).hasMessageContaining("entries");
        byte[] trailing = java.util.Arrays.copyOf(rekey, rekey.length + 1);
        assertThatThrownBy(() -> LkhCodec.decodeKeyMessage(trailing)).hasMessageContaining("trailing");
        assertThatThrownBy(() -> LkhCodec.decodeRefuse(Hex.decode("0403"))).hasMessageContaining("refuse.code");
        assertThatThrownBy(() -> LkhCodec.decodeRefuse(Hex.decode("04010500"))).hasMessageContaining("refuse.answers 5");
        assertThatThrownBy(() -> LkhCodec.decodeRefuse(Hex.decode("0401014100"))).hasMessageContaining("refuse.binding too long");
    }

    @Test
    void fuzzedAndTruncatedInputsOnlyEverThrowDecodeException() {
        Random rnd = new Random(7);
        List<Object[]> msgs = LkhVectors.messages();
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] base = (byte[]) msgs.get(rnd.nextInt(msgs.size()))[1];
            byte[] b;
            switch (i % 3) {
                case 0 -> b = java.util.Arrays.copyOf(base, rnd.nextInt(base.length + 1));
                case 1 -> {
                    b = base.clone();
                    for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                default -> {
                    b = new byte[rnd.nextInt(200)];
                    rnd.nextBytes(b);
                    if (b.length > 0 && rnd.nextBoolean()) {
                        b[0] = (byte) (rnd.nextBoolean() ? 16 + rnd.nextInt(4) : 1 + rnd.nextInt(5));
                    }
                }
            }
            try {
                decode(b);
                decoded++;
            } catch (DecodeException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThat(decoded).isPositive();
    }
}
