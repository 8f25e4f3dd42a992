package org.miked.sink.pfkey.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.miked.common.wire.DecodeException;

/**
 * Coverage-guided fuzzing of {@link PfKeyCodec#decode}, the parser of what the kernel answers on a PF_KEY v2
 * socket (GETSPI / ADD / UPDATE replies, REGISTER's supported algorithms, EXPIRE, errors; docs/fuzzing.md).
 * The message sits in a larger receive buffer, as in the sink's receive loop.
 *
 * <p>Invariants: only {@link DecodeException} escapes; nothing beyond {@code len} is read; a decoded message
 * re-encodes ({@link PfKeyCodec#encode}) to a message of the same length that decodes to an equal message
 * (reserved fields aside, the layout has one spelling).
 */
class PfKeyCodecFuzzTest {

    @FuzzTest
    void decode(byte[] datagram) throws DecodeException {
        PfKey.Message m = decodeOrNull(datagram, datagram.length);
        byte[] buffer = Arrays.copyOf(datagram, datagram.length + 64);
        Arrays.fill(buffer, datagram.length, buffer.length, (byte) 0x02);
        assertThat(decodeOrNull(buffer, datagram.length)).isEqualTo(m);
        if (m == null) {
            return;
        }
        byte[] again = PfKeyCodec.encode(m);
        assertThat(again).hasSameSizeAs(datagram);
        assertThat(PfKeyCodec.decode(again, again.length)).isEqualTo(m);
    }

    private static PfKey.Message decodeOrNull(byte[] buf, int len) {
        try {
            return PfKeyCodec.decode(buf, len);
        } catch (DecodeException e) {
            return null;
        }
    }
}
