package org.miked.sink.xfrm.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import org.miked.common.wire.DecodeException;

/**
 * Coverage-guided fuzzing of {@link XfrmCodec#decode}, the parser of what the kernel answers on the XFRM
 * netlink socket (ACKs, refusals with extended ACK, NEWSA answers to ALLOCSPI, EXPIRE notifications;
 * docs/fuzzing.md). The datagram sits in a larger receive buffer, as in the sink's receive loop.
 *
 * <p>Invariants: only {@link DecodeException} escapes; nothing beyond {@code len} is read (the same messages
 * with any buffer tail); a decoded SA re-encodes ({@link XfrmCodec#newSa}) to a message that decodes to the
 * same SA and algorithms; an ACK or refusal carries a non-negative errno.
 */
class XfrmCodecFuzzTest {

    @FuzzTest
    void decode(byte[] datagram) throws DecodeException {
        List<XfrmCodec.Message> msgs = decodeOrNull(datagram, datagram.length);
        byte[] buffer = Arrays.copyOf(datagram, datagram.length + 64);
        Arrays.fill(buffer, datagram.length, buffer.length, (byte) 0x41);
        assertThat(decodeOrNull(buffer, datagram.length)).isEqualTo(msgs);
        if (msgs == null) {
            return;
        }
        for (XfrmCodec.Message m : msgs) {
            if (m instanceof XfrmCodec.Sa sa) {
                byte[] again = XfrmCodec.newSa(XfrmCodec.XFRM_MSG_NEWSA, 0, sa.seq(), sa.info(), sa.algos());
                List<XfrmCodec.Message> back = XfrmCodec.decode(again, again.length);
                assertThat(back).hasSize(1);
                XfrmCodec.Sa b = (XfrmCodec.Sa) back.get(0);
                assertThat(b.info()).isEqualTo(sa.info());
                assertThat(b.algos()).isEqualTo(sa.algos());
            } else if (m instanceof XfrmCodec.Error e) {
                assertThat(e.errno()).isNotNegative();
            }
        }
    }

    private static List<XfrmCodec.Message> decodeOrNull(byte[] buf, int len) {
        try {
            return XfrmCodec.decode(buf, len);
        } catch (DecodeException e) {
            return null;
        }
    }
}
