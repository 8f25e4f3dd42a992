package org.miked.dispatcher.real.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, the flood test: at least 100,000 forged, replayed and garbage datagrams at full speed on
 * loopback against a key server with receivers, all real GMFs on real dispatchers ({@link FloodScenario}).
 * The flood runs once for the class; each test asserts one property of the run. The figures are printed
 * ({@link FloodBench} prints them for other sizes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class FloodTest {
    /** Generous: the server's and receivers' state must not grow with the flood (it was about 1 MB here). */
    static final long HEAP_GROWTH_LIMIT = 32L << 20;
    /**
     * Log lines a host's GMF may write: its budget (docs/gmf-contract.md: 200 at once, then 2 per second) over
     * the test's longest run (its timeout, 120 s).
     */
    static final long LOG_LINES_PER_HOST = 200 + 2 * 120;

    private FloodScenario.Report run;

    @BeforeAll
    void flood() throws Exception {
        run = FloodScenario.run(FloodScenario.Params.TEST);
        System.out.println(run.summary());
    }

    @Test
    void floodWasAtLeastTheMinimumAndOfEveryKind() {
        assertThat(run.sent()).isGreaterThanOrEqualTo(FloodScenario.Params.TEST.minimum());
        assertThat(run.forged()).isPositive();
        assertThat(run.replayed()).isPositive();
        assertThat(run.garbage()).isPositive();
    }

    @Test
    void genuineRegistrationsAndARekeyReachEveryReceiverDuringTheFlood() {
        // the scenario throws if a registration or the rekey does not complete; here: it was under the flood
        assertThat(run.floodRunning()).as("the flood still ran when the rekey had reached every receiver").isTrue();
        assertThat(run.sentDuringRekeys()).as("flood datagrams sent while the rekey was under way").isPositive();
        int n = FloodScenario.Params.TEST.initial() + FloodScenario.Params.TEST.joining();
        assertThat(run.receivers()).isEqualTo(n);
        assertThat(run.commonKey()).as("receivers holding the server's key after the flood").isEqualTo(n);
    }

    @Test
    void forgedIdsAreNotLearnedAndEveryReceiverKeepsItsRoute() {
        // finding 9 under load: forgeries claimed the genuine receivers and invented ids from 127.0.9.66
        assertThat(run.learned()).as("addresses learned at the server").isEqualTo(run.receivers());
        assertThat(run.routesOk()).as("receivers routed to their own address").isEqualTo(run.receivers());
        assertThat(run.serverCounters().get("peers.unauthenticated")).isPositive();
    }

    @Test
    void replaysWithValidSignaturesAreNotVouchedFor() {
        // HostGmf.deliver is true only for a fresh envelope: the receivers verified every replayed rekey's
        // valid signature, and their replay windows dropped them without the GMF vouching for them
        long replaysRejected = run.receiversGroup().getOrDefault("rejected.replay", 0L);
        long fresh = run.receiversGroup().entrySet().stream().filter(e -> e.getKey().startsWith("rx."))
                .mapToLong(java.util.Map.Entry::getValue).sum();
        assertThat(replaysRejected).isPositive();
        assertThat(run.authenticatedAtReceivers()).isPositive().isLessThanOrEqualTo(fresh);
    }

    @Test
    void heapStaysBounded() {
        assertThat(run.heapAfterBytes() - run.heapBeforeBytes()).as("used heap growth after GC")
                .isLessThan(HEAP_GROWTH_LIMIT);
    }

    /**
     * Every rejected datagram used to log a line (77,284 GMF lines for a flood of 231,855 datagrams); each
     * host's log now has a budget, and the counters still count every datagram.
     */
    @Test
    void logStaysBounded() {
        long hosts = run.receivers() + 1;
        assertThat(run.gmfLogLines() + run.julLogRecords()).as("log lines during the flood")
                .isLessThanOrEqualTo(hosts * LOG_LINES_PER_HOST);
    }
}
