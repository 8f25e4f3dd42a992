package org.miked.bd.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.miked.api.MemberId;
import org.miked.api.protocol.AgreementResult;
import org.miked.testkit.AgreementHarness;
import org.miked.testkit.FuzzBodies;

/**
 * Coverage-guided fuzzing of {@link BdSession} fed hostile bodies from an authenticated insider (docs/fuzzing.md): three
 * senders start run 1; s01 gets the fuzz input as up to 8 bodies ({@link FuzzBodies}) claimed by s03, whose
 * signature checked out, between its genuine messages.
 *
 * <p>Invariants: no exception escapes {@code onMessage}; s01 and s02 never both agree run 1 on the same
 * transcript hash with different secrets (a mismatch must be visible); after the hostile bodies a genuine
 * run 2 among all three agrees (the hostile run leaves no state that blocks the next one).
 */
class BdSessionFuzzTest {

    static AgreementHarness harness() {
        return new AgreementHarness(3, 21, Map.of(), BdSession::new);
    }

    /** @return the bodies s03 sends s01 in a genuine run 1 (the seeds) */
    static List<byte[]> genuineFromS03() {
        AgreementHarness h = harness();
        h.start(1, h.ids);
        h.runFor(10_000);
        List<byte[]> out = new ArrayList<>();
        for (Object[] d : h.delivered) {
            if (d[0].equals(h.ids.get(2)) && d[1].equals(h.ids.get(0))) {
                out.add((byte[]) d[2]);
            }
        }
        return out;
    }

    @FuzzTest
    void hostileInsiderBodies(byte[] data) {
        AgreementHarness h = harness();
        MemberId s01 = h.ids.get(0);
        MemberId s03 = h.ids.get(2);
        h.start(1, h.ids);
        h.net.time().runUntil(h.net.time().millis() + 5);
        for (byte[] body : FuzzBodies.split(data)) {
            h.sessions.get(s01).onMessage(s03, body);
        }
        h.runFor(20_000);
        List<AgreementResult> r1 = h.results(1, h.ids.subList(0, 2));
        if (r1.get(0) != null && r1.get(1) != null
                && Arrays.equals(r1.get(0).transcriptHash(), r1.get(1).transcriptHash())) {
            assertThat(r1.get(0).secret()).as("same transcript, different secret").isEqualTo(r1.get(1).secret());
        }
        h.start(2, h.ids);
        assertThat(h.runFor(20_000)).as("run 2 goes quiet").isTrue();
        h.assertAllAgree(2, h.ids);
    }
}
