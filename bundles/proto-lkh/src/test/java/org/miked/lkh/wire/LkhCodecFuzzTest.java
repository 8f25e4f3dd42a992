package org.miked.lkh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.miked.common.wire.DecodeException;

/**
 * Coverage-guided fuzzing of every proto-lkh decoder, chosen by the type byte as a receiver or the key server
 * chooses it (docs/fuzzing.md). Invariants: only {@link DecodeException} escapes; a decoded message re-encodes
 * to bytes that decode to the same message; the re-encoding is byte-identical except where the format has two
 * spellings (an explicit entry version equal to the rekey sequence, 4 bytes longer; a REFUSE reason that is
 * not UTF-8);
 * {@link LkhCodec#peekSeqEpoch} agrees with the full decode.
 */
class LkhCodecFuzzTest {

    @FuzzTest
    void decode(byte[] body) throws DecodeException {
        int type;
        try {
            type = LkhCodec.type(body);
        } catch (DecodeException e) {
            return;
        }
        switch (type) {
            case LkhCodec.REGISTER -> {
                LkhCodec.Register r = decodeOrNull(() -> LkhCodec.decodeRegister(body));
                if (r != null) {
                    assertThat(LkhCodec.register(r.clientPub())).isEqualTo(body);
                }
            }
            case LkhCodec.LEAVE -> {
                LkhCodec.Leave l = decodeOrNull(() -> LkhCodec.decodeLeave(body));
                if (l != null) {
                    assertThat(LkhCodec.leave(l.leaf(), l.leafVersion())).isEqualTo(body);
                }
            }
            case LkhCodec.LEAVE_ACK -> {
                LkhCodec.Leave l = decodeOrNull(() -> LkhCodec.decodeLeaveAck(body));
                if (l != null) {
                    assertThat(LkhCodec.leaveAck(l.leaf(), l.leafVersion())).isEqualTo(body);
                }
            }
            case LkhCodec.REFRESH -> {
                LkhCodec.Refresh f = decodeOrNull(() -> LkhCodec.decodeRefresh(body));
                if (f != null) {
                    assertThat(LkhCodec.refresh(f.leaf(), f.leafVersion(), f.counter())).isEqualTo(body);
                }
            }
            case LkhCodec.REFRESH_ACK -> {
                LkhCodec.Refresh f = decodeOrNull(() -> LkhCodec.decodeRefreshAck(body));
                if (f != null) {
                    assertThat(LkhCodec.refreshAck(f.leaf(), f.leafVersion(), f.counter())).isEqualTo(body);
                }
            }
            case LkhCodec.REPAIR_REQ -> {
                LkhCodec.RepairRequest q = decodeOrNull(() -> LkhCodec.decodeRepairRequest(body));
                if (q != null) {
                    assertThat(LkhCodec.repairRequest(q.leaf(), q.leafVersion(), q.haveEpoch(), q.haveSeq()))
                            .isEqualTo(body);
                }
            }
            case LkhCodec.REFUSE -> {
                LkhCodec.Refuse f = decodeOrNull(() -> LkhCodec.decodeRefuse(body));
                if (f != null) {
                    byte[] again = LkhCodec.refuse(f.code(), f.answers(), f.binding(), f.reason());
                    // type, code, answers, binding length, binding, reason length, reason
                    if (utf8(Arrays.copyOfRange(body, 5 + f.binding().length, body.length))) {
                        assertThat(again).isEqualTo(body);
                    }
                    assertThat(LkhCodec.decodeRefuse(again).code()).isEqualTo(f.code());
                    assertThat(LkhCodec.decodeRefuse(again).binds(f.answers(), f.binding())).isTrue();
                }
            }
            case LkhCodec.HEARTBEAT -> {
                LkhCodec.Heartbeat h = decodeOrNull(() -> LkhCodec.decodeHeartbeat(body));
                if (h != null) {
                    assertThat(LkhCodec.heartbeat(h.degree(), h.seq(), h.epoch())).isEqualTo(body);
                }
            }
            default -> {
                KeyMessage m = decodeOrNull(() -> LkhCodec.decodeKeyMessage(body));
                if (m != null) {
                    byte[] again = LkhCodec.encode(m);
                    assertThat(LkhCodec.decodeKeyMessage(again)).isEqualTo(m);
                    // the only second spelling: an explicit 4-byte new version equal to the rekey sequence
                    assertThat(again.length).isLessThanOrEqualTo(body.length);
                    assertThat((body.length - again.length) % 4).isZero();
                    if (again.length == body.length) {
                        assertThat(again).isEqualTo(body);
                    }
                    assertThat(LkhCodec.peekSeqEpoch(body)).containsExactly(m.seq(), m.epoch());
                }
            }
        }
    }

    private static boolean utf8(byte[] b) {
        return Arrays.equals(new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), b);
    }

    private interface Decoder<T> {
        T decode() throws DecodeException;
    }

    private static <T> T decodeOrNull(Decoder<T> d) {
        try {
            return d.decode();
        } catch (DecodeException e) {
            return null;
        }
    }
}
