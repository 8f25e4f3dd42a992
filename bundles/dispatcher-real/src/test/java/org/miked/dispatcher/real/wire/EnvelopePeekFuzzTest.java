package org.miked.dispatcher.real.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.miked.common.wire.DecodeException;
import org.miked.gmf.wire.EnvelopeCodec;
import org.miked.gmf.wire.EnvelopeIn;

/**
 * Coverage-guided fuzzing of the dispatcher's prefix peek, the first code that touches a received datagram
 * (docs/fuzzing.md). The datagram sits in a larger receive buffer whose tail is garbage, as in the receive
 * path.
 *
 * <p>Invariants: only {@link DecodeException} escapes; the peek reads nothing beyond {@code length} (the
 * same answer with any buffer tail); it agrees with the GMF's own decoder, whose first fields it duplicates:
 * whatever {@link EnvelopeCodec#decodePrefix} accepts, the peek accepts with the same group and sender.
 */
class EnvelopePeekFuzzTest {

    @FuzzTest
    void peek(byte[] datagram) {
        EnvelopePeek.Claim claim = peekOrNull(datagram, datagram.length);
        byte[] buffer = Arrays.copyOf(datagram, datagram.length + 80);
        Arrays.fill(buffer, datagram.length, buffer.length, (byte) 0x4d);
        assertThat(peekOrNull(buffer, datagram.length)).isEqualTo(claim);
        EnvelopeIn in;
        try {
            in = EnvelopeCodec.decodePrefix(datagram);
        } catch (DecodeException e) {
            return;
        }
        assertThat(claim).as("the GMF decodes a prefix that the dispatcher's peek rejects").isNotNull();
        assertThat(claim.group()).isEqualTo(in.group());
        assertThat(claim.sender()).isEqualTo(in.claimedSender());
    }

    private static EnvelopePeek.Claim peekOrNull(byte[] buf, int length) {
        try {
            return EnvelopePeek.peek(buf, length);
        } catch (DecodeException e) {
            return null;
        }
    }
}
