package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.miked.api.protocol.EpochKey;
import org.miked.lkh.wire.LkhCodec;
import org.miked.testkit.TestContext;

/**
 * Issue 10, found by {@link LkhClientFuzzTest} (docs/fuzzing.md, "Findings"): the RFC 3394 wraps do not
 * cover the key message's header sequence and epoch. A body that passed authentication but carries genuine
 * wraps under a changed header makes the client install genuine keys under the forged epoch (or forged node
 * key versions, for a changed sequence), and the genuine next rekey then no longer applies. Disabled until
 * proto-lkh binds the header to the wraps (or rejects such a body); both tests then pass.
 */
class LkhHeaderBindingRegressionTest {

    @Test
    @Disabled("issue 10: fails until the wraps bind the header epoch (reported, not fixed here)")
    void aGenuineRekeyUnderAForgedEpochIsNotInstalled() throws Exception {
        // the last genuine rekey (epoch 2) with its header epoch (offset 12, 64 bits) set to 0x0097000000000002
        replayWithHeaderByte(13, (byte) 0x97);
    }

    @Test
    @Disabled("issue 10: fails until the wraps bind the header sequence (reported, not fixed here)")
    void aGenuineRekeyUnderAForgedSequenceDoesNotWedgeTheClient() throws Exception {
        // the last genuine rekey with its sequence (offset 8, 32 bits) raised by 0x37000000, as the fuzzer did
        replayWithHeaderByte(8, (byte) 0x37);
    }

    private static void replayWithHeaderByte(int offset, byte value) throws Exception {
        List<EpochKey> issued = new ArrayList<>();
        List<byte[]> received = new ArrayList<>();
        Harness h = LkhClientFuzzTest.keyedGroup(issued, received);
        TestContext ctx = h.ctxs.get(LkhClientFuzzTest.VICTIM);
        byte[] rekey = null;
        for (byte[] b : received) {
            if (LkhCodec.type(b) == LkhCodec.REKEY) {
                rekey = b.clone();
            }
        }
        rekey[offset] = value;
        h.clients.get(LkhClientFuzzTest.VICTIM).onMessage(h.s, rekey);
        h.run(10);
        assertThat(issued).containsAll(ctx.epochKeys);
        issued.add(h.rekey());
        h.run(5_000);
        assertThat(ctx.lastKey()).as("the genuine rekey after the forged header").isEqualTo(h.current);
    }
}
