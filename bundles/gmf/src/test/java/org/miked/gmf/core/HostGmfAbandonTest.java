package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.miked.api.MemberId;
import org.miked.sim.network.LinkModel;
import org.miked.testkit.TestPolicies;
import org.junit.jupiter.api.Test;

/** {@link HostGmf#abandon}: a power cut, against {@link HostGmf#close}, the orderly leave. */
class HostGmfAbandonTest {
    private static final MemberId S1 = TestPolicies.senderId(1);

    @Test
    void anAbandonedHostSendsNothingAndStaysServedWhileAClosedOneLeaves() {
        GmfHarness h = new GmfHarness(1, 11, LinkModel.of(0, 5, 5));
        List<MemberId> rs = h.startAndRun(6, 0, 10_000);
        MemberId cut = rs.get(0);
        MemberId left = rs.get(1);
        assertThat(h.host(S1).members(h.group)).contains(cut, left);

        long before = h.net.hostStats(cut).messagesSent();
        h.host(cut).abandon();
        assertThat(h.net.hostStats(cut).messagesSent()).as("an abandoned host transmits nothing").isEqualTo(before);
        assertThat(h.host(cut).status(h.group)).isEmpty();
        assertThat(h.host(cut).msas(h.group)).isEmpty();
        h.host(cut).abandon(); // twice is harmless

        long leftBefore = h.net.hostStats(left).messagesSent();
        h.host(left).close();
        assertThat(h.net.hostStats(left).messagesSent()).as("a closed receiver sends its LEAVE").isGreaterThan(leftBefore);

        h.net.runUntil(30_000);
        assertThat(h.host(S1).members(h.group)).as("the leave is processed, the power cut is not noticed")
                .doesNotContain(left).contains(cut);
        assertThat(h.net.hostStats(cut).messagesSent()).isEqualTo(before);
    }
}
