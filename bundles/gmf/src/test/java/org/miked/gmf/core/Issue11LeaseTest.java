package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.sim.network.LinkModel;
import org.miked.testkit.TestPolicies;

/**
 * Issue 11 through real GMFs (sealed envelopes, Ed25519, LKH, memory sinks on the simulated network): a
 * receiver whose host stops without a LEAVE is out of its key server's tree within lease + one batch (its
 * refreshes were what kept it in), and a receiver whose key server falls silent says so in its reason.
 */
class Issue11LeaseTest {
    private static final MemberId S1 = TestPolicies.senderId(1);

    @Test
    void aReceiverWhoseHostStopsIsOutOfTheTreeWithinLeasePlusOneBatch() {
        GmfHarness h = new GmfHarness(1, 41, LinkModel.of(0.1, 5, 5));
        h.policies.leaseSeconds(30);
        List<MemberId> rs = h.startAndRun(6, 3, 40_000); // r00003 and r00006 in EMCON
        MemberId cut = rs.get(0);
        assertThat(h.host(S1).members(h.group)).containsAll(rs);
        assertThat(h.status(S1).counters()).containsKey("lkh.lease.renewed"); // sealed refreshes got through

        h.host(cut).abandon();
        h.net.runUntil(40_000 + 30_000 + 1_000 + 200 + 2_000);
        assertThat(h.host(S1).members(h.group)).as("the stopped host is out").doesNotContain(cut)
                .containsAll(rs.subList(1, rs.size()));
        assertThat(h.status(S1).counters().get("lkh.lease.expired")).isEqualTo(1L);
        assertThat(h.log).anyMatch(l -> l.contains("lease of " + cut + " expired"));
        h.net.runUntil(80_000);
        assertThat(h.commonKey(h.withSenders(rs.subList(1, rs.size())))).as("the others share the epoch after it")
                .isNotNull();
    }

    @Test
    void aSilentKeyServerIsNamedInTheReceiversReasonUntilItIsHeardAgain() {
        GmfHarness h = new GmfHarness(1, 42, LinkModel.of(0, 5, 5));
        List<MemberId> rs = h.startAndRun(2, 0, 10_000);
        MemberId r = rs.get(0);
        GroupStatus before = h.status(r);
        assertThat(before.state()).isEqualTo(GroupState.KEYED);
        assertThat(before.reason()).isEmpty();

        h.net.down(S1);
        h.net.runUntil(50_000);
        GroupStatus silent = h.status(r);
        assertThat(silent.state()).as("it still holds its key").isEqualTo(GroupState.KEYED);
        assertThat(silent.epoch()).isEqualTo(before.epoch());
        assertThat(silent.reason()).matches("key server s01 silent for 4[0-5] s");

        h.net.up(S1);
        h.net.runUntil(60_000);
        assertThat(h.status(r).reason()).as("heard again: the reason clears").isEmpty();
        assertThat(h.status(r).state()).isEqualTo(GroupState.KEYED);
        assertThat(h.log).anyMatch(l -> l.contains("key server s01 heard again after"));
    }
}
