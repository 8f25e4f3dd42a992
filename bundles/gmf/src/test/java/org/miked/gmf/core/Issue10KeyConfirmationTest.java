package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.miked.api.MemberId;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementSession;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.auth.sig.internal.SigScheme;
import org.miked.bd.internal.BdProtocol;
import org.miked.gdh.internal.Gdh2Protocol;
import org.miked.gdh.internal.Gdh3Protocol;
import org.miked.lkh.internal.LkhProtocol;
import org.miked.sim.network.LinkModel;
import org.miked.sink.memory.internal.MemorySinkFactory;
import org.miked.testkit.TestPolicies;

/**
 * Issue 10, finding 8: without key confirmation, a sender that sends different valid values to different
 * members splits the group key and nobody notices. Every run's key is now confirmed among its members before
 * an epoch is entered with it.
 */
class Issue10KeyConfirmationTest {
    private static final List<MemberId> S = List.of(TestPolicies.senderId(1), TestPolicies.senderId(2),
            TestPolicies.senderId(3), TestPolicies.senderId(4), TestPolicies.senderId(5));

    /** Puts an insider running {@code protocol} at {@code who} (before the harness creates that host). */
    private static <P extends KeyAgreementProtocol> P insider(GmfHarness h, MemberId who, P protocol) {
        MapRegistry own = new MapRegistry().add(new SigScheme()).add(protocol).add(new LkhProtocol())
                .add(new MemorySinkFactory());
        h.hosts.put(who, new HostGmf(h.net, who, own, h.log::add));
        return protocol;
    }

    private static long counter(GmfHarness h, MemberId m, String name) {
        return h.status(m).counters().getOrDefault(name, 0L);
    }

    /** @return the first run this predicate is asked about, and only that one */
    private static LongPredicate firstRunOnly() {
        return new LongPredicate() {
            private long first = -1;

            @Override
            public boolean test(long run) {
                if (first < 0) {
                    first = run;
                }
                return run == first;
            }
        };
    }

    /** What every sender must show after a split: no epoch entered, no MSA installed, the split counted. */
    private static void assertNoEpochWasEnteredAndTheSplitWasCounted(GmfHarness h) {
        for (MemberId m : S) {
            GroupStatus st = h.status(m);
            assertThat(st.state()).as(h.describe()).isEqualTo(GroupState.AGREEING);
            assertThat(st.counters()).as(m + " entered an epoch").doesNotContainKeys("epochs", "agreement.completed");
            assertThat(h.host(m).msas(h.group)).as(m + " installed MSAs").isEmpty();
            assertThat(counter(h, m, "agreement.confirm-mismatch")).as(m + " counted the split").isPositive();
        }
    }

    /**
     * The attack: s03 sends its real round-2 value X to s01 and s02 and X * g (a valid P-256 point) to s04 and
     * s05, in every run. Each member sees one value from s03 only, so BD's conflict check cannot fire; before
     * key confirmation all five ended KEYED on three different keys. Now every run fails on its CONFIRMs, each
     * member names the members on the other side of the split, and no epoch is ever entered.
     */
    @Test
    void aSenderWhoSplitsTheGroupKeyInBdRoundTwoIsDetectedAndTheRunFails() {
        GmfHarness h = new GmfHarness(5, 21, LinkModel.of(0, 5, 5));
        Equivocator evil = insider(h, S.get(2), new Equivocator(new BdProtocol(), Set.of(S.get(3), S.get(4)),
                run -> true, Equivocator::otherRoundTwoValue));
        h.startSenders();
        h.net.runUntil(10_000);
        assertThat(evil.rewritten).as("the insider rewrote round-2 messages").isPositive();
        assertNoEpochWasEnteredAndTheSplitWasCounted(h);
        // named: each side names the other; s03 agrees with s01 and s02, whose X it did not change
        assertThat(h.log).anyMatch(l -> l.startsWith("s01 ") && l.contains("key confirmation failed, the key is not used: [s04, s05]"));
        assertThat(h.log).anyMatch(l -> l.startsWith("s04 ") && l.contains("key confirmation failed, the key is not used: [s01, s02, s03, s05]"));
        assertThat(h.status(S.get(0)).reason()).contains("key confirmation failed with [s04, s05]");
        // reported, not excluded: the tags cannot tell the splitter from its victims, so nobody is dropped,
        // and reruns come after the debounce, not in a tight loop
        assertThat(h.status(S.get(0)).senders()).isEqualTo(5);
        long runs = counter(h, S.get(0), "agreement.runs");
        assertThat(runs).isBetween(2L, 10_000 / AgreementCoordinator.RERUN_DEBOUNCE_MS + 1);
        assertThat(counter(h, S.get(0), "agreement.confirm-mismatch")).isEqualTo(runs);
    }

    /** A split in one run costs that run only: the next run, without the attack, keys every sender alike. */
    @Test
    void aSplitRunIsFollowedByARunThatKeysEveryoneWithOneKey() {
        GmfHarness h = new GmfHarness(5, 22, LinkModel.of(0, 5, 5));
        Equivocator evil = insider(h, S.get(2), new Equivocator(new BdProtocol(), Set.of(S.get(4)), firstRunOnly(),
                Equivocator::otherRoundTwoValue));
        h.startSenders();
        h.net.runUntil(10_000);
        assertThat(evil.rewritten).isPositive();
        assertThat(h.commonKey(S)).as(h.describe()).isNotNull();
        for (MemberId m : S) {
            assertThat(counter(h, m, "agreement.confirm-mismatch")).as(m.id()).isEqualTo(1);
            // only the second run's key was used
            assertThat(counter(h, m, "agreement.completed")).as(m.id()).isEqualTo(1);
        }
        assertThat(h.log).anyMatch(l -> l.startsWith("s05 ") && l.contains("not used: [s01, s02, s03, s04]"));
    }

    /**
     * The GDH variant: the last member M_n (s05) raises every partial value honestly but sends s02 its value
     * times g in the BROADCAST; s02's K = (B_1 g)^(r_2) differs from everyone else's.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gdh2", "gdh3"})
    void aLastMemberWhoSplitsTheGroupKeyInTheGdhBroadcastIsDetectedAndTheRunFails(String variant) {
        GmfHarness h = new GmfHarness(5, 23, LinkModel.of(0, 5, 5));
        KeyAgreementProtocol real = variant.equals("gdh2") ? new Gdh2Protocol() : new Gdh3Protocol();
        h.registry.add(real);
        h.policies.agreement(variant);
        Equivocator evil = insider(h, S.get(4), new Equivocator(variant.equals("gdh2") ? new Gdh2Protocol()
                : new Gdh3Protocol(), Set.of(S.get(1)), run -> true, Equivocator.otherBroadcastValue(S)));
        h.startSenders();
        h.net.runUntil(10_000);
        assertThat(evil.rewritten).isPositive();
        assertNoEpochWasEnteredAndTheSplitWasCounted(h);
        assertThat(h.log).anyMatch(l -> l.startsWith("s01 ") && l.contains("not used: [s02]"));
        assertThat(h.log).anyMatch(l -> l.startsWith("s02 ") && l.contains("not used: [s01, s03, s04, s05]"));
    }

    /** A sender that goes down right after its session agreed never confirms: the run times out without it. */
    @Test
    void aMemberThatAgreesButNeverConfirmsFailsTheRunAndIsDroppedLikeASilentOne() {
        GmfHarness h = new GmfHarness(5, 24, LinkModel.of(0, 5, 5));
        MemberId s05 = S.get(4);
        BdProtocol bd = new BdProtocol();
        insider(h, s05, new KeyAgreementProtocol() {
            @Override
            public String name() {
                return bd.name();
            }

            @Override
            public AgreementSession open(AgreementContext ctx) {
                return bd.open(new ForwardingContext(ctx) {
                    @Override
                    public void agreed(org.miked.api.protocol.AgreementResult result) {
                        h.net.down(s05); // its CONFIRM never leaves
                        super.agreed(result);
                    }
                });
            }
        });
        h.startSenders();
        h.net.runUntil(20_000);
        List<MemberId> four = S.subList(0, 4);
        assertThat(h.commonKey(four)).as(h.describe()).isNotNull();
        assertThat(h.status(S.get(0)).senders()).isEqualTo(4);
        for (MemberId m : four) {
            assertThat(counter(h, m, "agreement.confirm-timeout")).as(m.id()).isEqualTo(1);
            assertThat(counter(h, m, "agreement.completed")).as(m + ": only the run without s05").isEqualTo(1);
        }
        assertThat(h.log).anyMatch(l -> l.startsWith("s01 ") && l.contains("no confirmation from [s05] for 5000 ms"));
    }

    /** Lossless, 25 senders: one CONFIRM multicast each, nothing resent or answered. */
    @Test
    void twentyFiveSendersConfirmWithOneMulticastEachWhenNothingIsLost() {
        GmfHarness h = new GmfHarness(25, 25, LinkModel.of(0, 5, 5));
        h.startSenders();
        h.net.runUntil(5_000);
        assertThat(h.commonKey(h.policies.senders())).as(h.describe()).isNotNull();
        for (MemberId m : h.policies.senders()) {
            assertThat(counter(h, m, "agreement.confirm-sent")).as(m.id()).isEqualTo(1);
            assertThat(counter(h, m, "agreement.confirm-resent") + counter(h, m, "agreement.confirm-answered")).as(m.id())
                    .isZero();
        }
    }

    /**
     * 30% loss, 25 senders, three seeds: every run's key is confirmed (no timeout, no false mismatch) and the
     * retransmissions stay a few per member.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32, 33})
    void atThirtyPercentLossTwentyFiveSendersConfirmTheirKey(long seed) {
        GmfHarness h = new GmfHarness(25, seed, LinkModel.of(0.3, 5, 5));
        h.startSenders();
        h.net.runUntil(30_000);
        List<MemberId> all = h.policies.senders();
        assertThat(h.commonKey(all)).as(h.describe()).isNotNull();
        Map<String, Long> total = new LinkedHashMap<>();
        for (MemberId m : all) {
            for (String c : List.of("agreement.confirm-sent", "agreement.confirm-resent", "agreement.confirm-answered",
                    "agreement.confirm-mismatch", "agreement.confirm-timeout", "agreement.runs", "tx.agreement", "tx.control")) {
                total.merge(c, counter(h, m, c), Long::sum);
            }
        }
        assertThat(total.get("agreement.confirm-mismatch")).as(total.toString()).isZero();
        assertThat(total.get("agreement.confirm-timeout")).as(total.toString()).isZero();
        long runs = total.get("agreement.runs") / all.size();
        // per member and run: the first multicast plus a handful of retransmissions and answers
        assertThat((total.get("agreement.confirm-resent") + total.get("agreement.confirm-answered")) / (double) (runs * all.size()))
                .as(total.toString()).isLessThan(15);
    }

    /** Passes everything to the GMF's context (tests override what they change). */
    private static class ForwardingContext implements AgreementContext {
        private final AgreementContext ctx;

        ForwardingContext(AgreementContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void agreed(org.miked.api.protocol.AgreementResult result) {
            ctx.agreed(result);
        }

        @Override
        public void failed(long run, String reason, Set<MemberId> silent) {
            ctx.failed(run, reason, silent);
        }

        @Override
        public org.miked.api.policy.GroupPolicy policy() {
            return ctx.policy();
        }

        @Override
        public org.miked.api.runtime.HostRuntime runtime() {
            return ctx.runtime();
        }

        @Override
        public void send(org.miked.api.dispatch.Destination to, byte[] body) {
            ctx.send(to, body);
        }

        @Override
        public void log(String message) {
            ctx.log(message);
        }

        @Override
        public void count(String counter) {
            ctx.count(counter);
        }
    }
}
