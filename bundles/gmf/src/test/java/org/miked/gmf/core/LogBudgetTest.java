package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.sim.network.LinkModel;
import org.miked.testkit.TestPolicies;

/** Issue 10, finding 11: one attacker must not fill the disk with a line per rejected datagram. */
class LogBudgetTest {
    @Test
    void aBurstThenOneLinePerIntervalAndTheNextLineSaysHowManyWereDropped() {
        long[] now = {0};
        LogBudget b = new LogBudget(() -> now[0]);
        int written = 0;
        for (int i = 0; i < 10_000; i++) {
            if (b.admit("line " + i) != null) {
                written++;
            }
        }
        assertThat(written).isEqualTo(LogBudget.BURST);
        now[0] += LogBudget.REFILL_MILLIS;
        assertThat(b.admit("after")).isEqualTo("(" + (10_000 - LogBudget.BURST) + " log lines suppressed) after");
        assertThat(b.admit("next")).isNull();
        now[0] += 10 * LogBudget.REFILL_MILLIS;
        assertThat(b.admit("later")).isEqualTo("(1 log lines suppressed) later");
        assertThat(b.suppressed()).isEqualTo(10_000 - LogBudget.BURST + 1);
    }

    @Test
    void aFloodOfForgedDatagramsWritesABoundedLogAndIsCountedInFull() {
        GmfHarness h = new GmfHarness(1, 5, LinkModel.of(0, 5, 0));
        h.startAndRun(3, 0, 5_000);
        MemberId r = TestPolicies.receiverId(1);
        MemberId spy = MemberId.of("spy");
        HostPort spyPort = h.net.attach(spy, (DatagramHandler) (from, payload) -> { });
        spyPort.openGroup(GroupChannel.of(h.policies.sender(TestPolicies.senderId(1))));
        List<String> before = new ArrayList<>(h.log);
        for (int i = 0; i < 20_000; i++) {
            spyPort.send(Destination.unicast(GroupId.of("g"), r), ("garbage " + i).getBytes());
        }
        h.net.runUntil(h.net.now() + 10_000); // ten seconds of flood
        long lines = h.log.stream().skip(before.size()).filter(l -> l.startsWith(r.id())).count();
        assertThat(lines).isLessThanOrEqualTo(LogBudget.BURST + 10_000 / LogBudget.REFILL_MILLIS + 1);
        assertThat(h.host(r).counters().get("rejected.malformed")).isEqualTo(20_000L);
        assertThat(h.host(r).counters().get("log.suppressed")).isPositive();
    }
}
