package org.miked.auth.tesla.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.miked.common.wire.DecodeException;

/**
 * Coverage-guided fuzzing of {@link TrailerCodec#decode}, the TESLA trailer and bootstrap block read from the
 * end of every datagram of a TESLA group before anything is authenticated (docs/fuzzing.md).
 *
 * <p>Invariants: only {@link DecodeException} escapes; the trailer re-encodes to exactly the input (a MAC /
 * key trailer with {@link TrailerCodec#encode}, a bootstrap with {@link TrailerCodec#encodeBootstrap}); the
 * bytes a bootstrap signature covers ({@link TrailerCodec#signedBytes}) are the ones the key server signs
 * ({@link TrailerCodec#toBeSigned}); a decoded bootstrap has T, d, L at least 1, j at most L and a MAC
 * length in 4..32.
 */
class TrailerCodecFuzzTest {

    @FuzzTest
    void decode(byte[] sealed) {
        Trailer t;
        try {
            t = TrailerCodec.decode(sealed);
        } catch (DecodeException e) {
            return;
        }
        byte[] message = t.message(sealed);
        assertThat(t.messageLength()).isBetween(0, sealed.length - 1 - TrailerCodec.HEADER_BYTES);
        if (t.hasBootstrap()) {
            Bootstrap b = t.bootstrap();
            assertThat(t.hasKey() || t.hasMac()).isFalse();
            assertThat(b.intervalMillis()).isPositive();
            assertThat(b.delayIntervals()).isPositive();
            assertThat(b.chainLength()).isPositive();
            assertThat(b.commitIndex()).isLessThanOrEqualTo(b.chainLength());
            assertThat(b.macBytes()).isBetween(TrailerCodec.MIN_MAC_BYTES, TrailerCodec.MAX_MAC_BYTES);
            assertThat(TrailerCodec.encodeBootstrap(message, t.chainId(), t.interval(), b)).isEqualTo(sealed);
            byte[] signed = TrailerCodec.signedBytes(sealed, t);
            assertThat(signed).isEqualTo(TrailerCodec.toBeSigned(message, t.chainId(), t.interval(), b));
            assertThat(Arrays.copyOfRange(sealed, t.signatureOffset(), t.signatureOffset() + TrailerCodec.SIGNATURE_BYTES))
                    .isEqualTo(b.signature());
        } else {
            assertThat(t.signatureOffset()).isEqualTo(-1);
            assertThat(t.hasKey() || t.hasMac()).isTrue();
            assertThat(TrailerCodec.encode(message, t.chainId(), t.interval(), t.key(), t.mac())).isEqualTo(sealed);
        }
    }
}
