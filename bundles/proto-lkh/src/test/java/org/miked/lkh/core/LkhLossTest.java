package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.testkit.TestPolicies;

/** Issue 2 under 30% loss: everyone converges in a bounded number of rekey intervals; EMCON never sends. */
class LkhLossTest {
    private static final long INTERVAL = 2_000;

    @Test
    void thirtyPercentLossConvergesAndEmconNeverTransmits() {
        Harness h = new Harness(31, 460, i -> i % 10 == 0, Map.of("lkh.registerRetryMillis", "500"));
        h.net.loss(0.3);
        h.startAll(1, 400);
        int next = 401;
        int leaver = 1;
        for (int round = 0; round < 6; round++) {
            h.run(INTERVAL / 2);
            h.rekey();
            h.run(INTERVAL / 2);
            // churn for the next batch: 10 join, 6 leave (some EMCON evicted)
            for (int j = 0; j < 10; j++) {
                h.start(next++);
            }
            for (int j = 0; j < 6; j++) {
                leaver += 7;
                MemberId r = TestPolicies.receiverId(leaver);
                if (!h.clients.containsKey(r)) {
                    continue;
                }
                if (h.emcon.contains(r)) {
                    h.server.evict(r);
                    h.clients.remove(r);
                } else {
                    h.leave(r);
                }
            }
        }
        h.run(INTERVAL / 2);
        h.rekey();
        // bounded: at most 10 rekey intervals after the last batch; late registrations still trigger batches
        int intervals = 0;
        while (!h.lagging().isEmpty() && intervals < 10) {
            h.runGmf(INTERVAL);
            intervals++;
        }
        for (MemberId r : h.lagging()) {
            var c = h.ctxs.get(r);
            System.out.println(r + " member=" + h.clients.get(r).isMember() + " epoch=" + h.clients.get(r).epoch() + " server has=" + h.server.members().contains(r) + " counters=" + c.counters + " sent=" + h.net.sentBy(r));
            c.log.forEach(System.out::println);
            h.sctx.log.stream().filter(l -> l.contains(r.id())).forEach(System.out::println);
        }
        assertThat(h.lagging()).as("not converged after %d intervals", intervals).isEmpty();
        for (MemberId r : h.emcon) {
            assertThat(h.net.sentBy(r)).as(r + " is in EMCON").isZero();
        }
        long emconHolding = h.clients.keySet().stream().filter(h.emcon::contains).count();
        assertThat(emconHolding).isGreaterThan(30);
        assertThat(h.counter("lkh.repair.requested")).isPositive();
        assertThat(h.sctx.counter("lkh.repair.answered")).isPositive();
        System.out.printf("30%% loss: converged %d intervals after the last rekey; %d messages, %d bytes, %d dropped; "
                + "repairs requested %d, answered %d; EMCON repair ticks %d%n", intervals, h.net.messages(),
                h.net.bytes(), h.net.dropped(), h.counter("lkh.repair.requested"),
                h.sctx.counter("lkh.repair.answered"), h.sctx.counter("lkh.repair.multicast"));
    }
}
