package org.miked.bd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.miked.testkit.AgreementHarness;
import org.miked.api.MemberId;
import org.miked.bd.wire.BdCodec;
import org.miked.bd.wire.BdMessage;
import org.miked.common.crypto.Hex;
import org.miked.dh.core.RunInfo;
import org.miked.dh.group.DhGroup;
import org.miked.dh.group.DhGroups;
import org.miked.dh.group.DhOps;
import org.miked.dh.group.Element;
import org.miked.testkit.TestContext;

class BdSessionTest {

    private static AgreementHarness harness(int n, long seed, Map<String, String> params) {
        return new AgreementHarness(n, seed, params, BdSession::new);
    }

    @ParameterizedTest(name = "n={0} group={1}")
    @CsvSource({"2,P-256", "3,P-256", "5,P-256", "25,P-256", "2,ffdhe2048", "3,ffdhe2048", "5,ffdhe2048",
        "3,ffdhe3072"})
    void allMembersDeriveTheSameKeyAndEachRunANewOne(int n, String group) {
        AgreementHarness h = harness(n, 7, Map.of("bd.group", group));
        h.start(1, h.ids);
        assertThat(h.runFor(10_000)).isTrue();
        h.assertAllAgree(1, h.ids);
        h.start(2, h.ids);
        assertThat(h.runFor(10_000)).isTrue();
        h.assertAllAgree(2, h.ids);
        assertThat(h.results(2, h.ids).get(0).secret()).isNotEqualTo(h.results(1, h.ids).get(0).secret());
        // each member: 3 full exponentiations per run (2 for n = 2: round 2 is the identity and skipped)
        long exps = ((BdSession) h.sessions.get(h.ids.get(0))).ops().fullExps();
        assertThat(exps).isEqualTo(n == 2 ? 4 : 6);
    }

    @Test
    void telescopedProductEqualsThePapersFormulaAndTheRingSum() {
        DhGroup g = DhGroups.byName("P-256");
        DhOps ops = new DhOps(g);
        int n = 5;
        BigInteger[] r = new BigInteger[n];
        Element[] z = new Element[n];
        for (int i = 0; i < n; i++) {
            r[i] = BigInteger.valueOf(1000 + 17 * i);
            z[i] = g.expGenerator(r[i]);
        }
        Element[] x = new Element[n];
        for (int i = 0; i < n; i++) {
            x[i] = g.exp(g.multiply(z[(i + 1) % n], g.invert(z[(i + n - 1) % n])), r[i]);
        }
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            sum = sum.add(r[i].multiply(r[(i + 1) % n]));
        }
        Element expected = g.expGenerator(sum);
        for (int i = 0; i < n; i++) {
            Element telescoped = BdSession.groupKey(ops, z[(i + n - 1) % n], r[i], x, i);
            Element paper = g.exp(z[(i + n - 1) % n], r[i].multiply(BigInteger.valueOf(n)));
            for (int k = 0; k < n - 1; k++) {
                paper = g.multiply(paper, g.exp(x[(i + k) % n], BigInteger.valueOf(n - 1 - k)));
            }
            assertThat(telescoped).isEqualTo(expected).isEqualTo(paper);
        }
    }

    /** Injects a message as if sent by member at position pos in run 1 of h. */
    private static BdMessage forge(AgreementHarness h, int pos, long run, byte[] z) {
        RunInfo info = RunInfo.of("bd", 1, DhGroups.byName(h.policies.sender(h.ids.get(0)).param("bd.group", "P-256")),
                "trial", run, h.ids, h.ids.get(pos));
        return new BdMessage(info.header(BdMessage.ROUND1), h.ids.size(), new BitSet(), new BitSet(), z, null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not-on-curve", "identity", "encoding"})
    void invalidCurvePointsAreRejectedLoggedAndCounted(String kind) {
        AgreementHarness h = harness(3, 11, Map.of());
        h.start(1, h.ids);
        byte[] z = switch (kind) {
            case "not-on-curve" -> notOnCurve();
            case "identity" -> new byte[33];
            default -> Hex.decode("04" + "11".repeat(32));
        };
        TestContext c = h.ctx.get(h.ids.get(0));
        h.sessions.get(h.ids.get(0)).onMessage(h.ids.get(1), BdCodec.encode(forge(h, 1, 1, z)));
        assertThat(c.counter("bd.rejected.element")).isEqualTo(1);
        assertThat(c.log).anyMatch(l -> l.contains("rejected element from s02: " + kind));
        // the genuine messages still complete the run
        assertThat(h.runFor(10_000)).isTrue();
        h.assertAllAgree(1, h.ids);
    }

    /** @return a compressed encoding whose x has no point on P-256 */
    static byte[] notOnCurve() {
        DhGroup g = DhGroups.byName("P-256");
        for (int x = 1;; x++) {
            byte[] b = new byte[33];
            b[0] = 2;
            b[32] = (byte) x;
            try {
                g.decode(b);
            } catch (org.miked.dh.group.InvalidElementException e) {
                if (e.reason().equals("not-on-curve")) {
                    return b;
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"identity", "not-in-subgroup", "out-of-range"})
    void invalidFfdheElementsAreRejected(String kind) {
        AgreementHarness h = harness(3, 12, Map.of("bd.group", "ffdhe2048"));
        h.start(1, h.ids);
        DhGroup g = DhGroups.byName("ffdhe2048");
        BigInteger p = g.order().shiftLeft(1).add(BigInteger.ONE);
        BigInteger y = switch (kind) {
            case "identity" -> BigInteger.ONE;
            // p-1 has order 2; for ffdhe groups the generator 2 is a residue, and -2 = p-2 is not (p = 7 mod 8)
            case "not-in-subgroup" -> p.subtract(BigInteger.TWO);
            default -> p.subtract(BigInteger.ONE);
        };
        byte[] z = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(256, y);
        TestContext c = h.ctx.get(h.ids.get(0));
        h.sessions.get(h.ids.get(0)).onMessage(h.ids.get(2), BdCodec.encode(forge(h, 2, 1, z)));
        assertThat(c.counter("bd.rejected.element")).isEqualTo(1);
        assertThat(c.log).anyMatch(l -> l.contains("rejected element from s03: " + kind));
    }

    @Test
    void tamperedReplayedAndForgedMessagesAreRejectedAndNamed() {
        AgreementHarness h = harness(3, 13, Map.of());
        MemberId a = h.ids.get(0);
        MemberId b = h.ids.get(1);
        TestContext c = h.ctx.get(a);
        h.start(1, h.ids);
        assertThat(h.runFor(10_000)).isTrue();
        h.assertAllAgree(1, h.ids);
        byte[] oldFromB = h.delivered.stream().filter(d -> d[0].equals(b) && d[1].equals(a))
                .map(d -> (byte[]) d[2]).findFirst().orElseThrow();
        h.start(2, h.ids);
        // replay of an old run's message
        h.sessions.get(a).onMessage(b, oldFromB);
        assertThat(c.log).anyMatch(l -> l.contains("rejected stale from s02: run 1 is older than the current run 2"));
        // tampered member-list hash
        byte[] t = BdCodec.encode(forge(h, 1, 2, DhGroups.byName("P-256").generator().encoded()));
        t[12] ^= 1;
        h.sessions.get(a).onMessage(b, t);
        assertThat(c.log).anyMatch(l -> l.contains("rejected list from s02"));
        // tampered length (truncated)
        h.sessions.get(a).onMessage(b, Arrays.copyOf(t, t.length - 1));
        assertThat(c.log).anyMatch(l -> l.contains("rejected decode from s02: truncated at z"));
        // position forged: s02 sends a message claiming position 2 (s03's)
        h.sessions.get(a).onMessage(b, BdCodec.encode(forge(h, 2, 2, DhGroups.byName("P-256").generator().encoded())));
        assertThat(c.log).anyMatch(l -> l.contains("rejected position from s02: position 2 forged"));
        // a future run
        h.sessions.get(a).onMessage(b, BdCodec.encode(forge(h, 1, 9, DhGroups.byName("P-256").generator().encoded())));
        assertThat(c.log).anyMatch(l -> l.contains("rejected future from s02"));
        assertThat(c.counters).containsKeys("bd.rejected.stale", "bd.rejected.list", "bd.rejected.decode",
                "bd.rejected.position", "bd.rejected.future");
        assertThat(h.runFor(10_000)).isTrue();
        h.assertAllAgree(2, h.ids);
    }

    @Test
    void aSecondDifferentValueFromTheSameMemberIsRejected() {
        AgreementHarness h = harness(3, 14, Map.of());
        h.start(1, h.ids);
        assertThat(h.runFor(10_000)).isTrue();
        MemberId a = h.ids.get(0);
        h.sessions.get(a).onMessage(h.ids.get(1), BdCodec.encode(forge(h, 1, 1,
                DhGroups.byName("P-256").generator().encoded())));
        assertThat(h.ctx.get(a).counter("bd.rejected.conflict")).isEqualTo(1);
    }

    /**
     * Issue 10, finding 8, at the protocol level: s03 sends its real X to s01 and s02 and X * g (a valid point)
     * to s04 and s05, each copy by unicast. No session can notice (each sees one X from s03) and all five agree,
     * on three secrets. What the GMF's key confirmation relies on: the victims' transcript hashes differ too,
     * also at s04, the ring neighbour after s03, whose key element does not use X_3 at all.
     */
    @Test
    void aSenderWhoSplitsRoundTwoGoesUnnoticedByTheSessionsButLeavesOtherTranscripts() {
        Set<MemberId> victims = Set.of(MemberId.of("s04"), MemberId.of("s05"));
        MemberId evil = MemberId.of("s03");
        DhGroup g = DhGroups.byName("P-256");
        AgreementHarness h = new AgreementHarness(5, 17, Map.of(), c -> !c.runtime().self().equals(evil)
                ? new BdSession(c) : new BdSession(new Splitter((TestContext) c, victims, g)));
        h.start(1, h.ids);
        assertThat(h.runFor(10_000)).isTrue();
        var rs = h.results(1, h.ids);
        assertThat(rs).doesNotContainNull();
        assertThat(h.ctx.values()).allSatisfy(c -> assertThat(c.failures).isEmpty());
        assertThat(h.ctx.values()).allSatisfy(c -> assertThat(c.counter("bd.rejected.conflict")).isZero());
        Set<String> secrets = new HashSet<>();
        Set<String> transcripts = new HashSet<>();
        rs.forEach(r -> secrets.add(Hex.encode(r.secret())));
        rs.forEach(r -> transcripts.add(Hex.encode(r.transcriptHash())));
        assertThat(secrets).hasSize(3);
        assertThat(transcripts).hasSize(2);
        assertThat(rs.get(0).secret()).isEqualTo(rs.get(1).secret()).isEqualTo(rs.get(2).secret());
        assertThat(rs.get(3).transcriptHash()).isEqualTo(rs.get(4).transcriptHash())
                .isNotEqualTo(rs.get(0).transcriptHash());
    }

    /** An insider's context: every message goes by unicast, a ROUND2 to a victim with X * g. */
    private static final class Splitter implements org.miked.api.protocol.AgreementContext {
        private final TestContext ctx;
        private final Set<MemberId> victims;
        private final DhGroup g;

        Splitter(TestContext ctx, Set<MemberId> victims, DhGroup g) {
            this.ctx = ctx;
            this.victims = victims;
            this.g = g;
        }

        @Override
        public void send(org.miked.api.dispatch.Destination to, byte[] body) {
            List<MemberId> recipients = to instanceof org.miked.api.dispatch.Destination.Unicast u ? List.of(u.to())
                    : ctx.policy().senderIds().stream().filter(m -> !m.equals(ctx.runtime().self())).toList();
            for (MemberId m : recipients) {
                byte[] out = body;
                try {
                    BdMessage msg = BdCodec.decode(body);
                    if (victims.contains(m) && msg.x() != null) {
                        byte[] x = g.multiply(g.decode(msg.x()), g.generator()).encoded();
                        out = BdCodec.encode(new BdMessage(msg.header(), msg.n(), msg.haveZ(), msg.haveX(), msg.z(), x));
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                ctx.send(org.miked.api.dispatch.Destination.unicast(ctx.policy().group(), m), out);
            }
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
        public void log(String message) {
            ctx.log(message);
        }

        @Override
        public void count(String counter) {
            ctx.count(counter);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"3,30", "5,30", "25,6"})
    void everyRunCompletesUnderTwentyPercentLoss(int n, int seeds) {
        for (long seed = 1; seed <= seeds; seed++) {
            AgreementHarness h = harness(n, 1000 + seed, Map.of());
            h.net.loss(0.2);
            h.start(1, h.ids);
            assertThat(h.runFor(60_000)).as("seed %d drains", seed).isTrue();
            h.assertAllAgree(1, h.ids);
        }
    }

    @Test
    void aSilentMemberFailsTheRunByNameAndARestartWithoutItSucceeds() {
        AgreementHarness h = harness(5, 15, Map.of());
        MemberId dead = h.ids.get(2);
        h.net.down(m -> m.equals(dead));
        h.start(1, h.ids);
        assertThat(h.runFor(30_000)).isTrue();
        for (MemberId m : h.ids) {
            if (!m.equals(dead)) {
                assertThat(h.ctx.get(m).agreed).isEmpty();
                assertThat(h.ctx.get(m).failures).hasSize(1);
                assertThat(h.ctx.get(m).failures.get(0).silent()).containsExactly(dead);
                assertThat(h.ctx.get(m).failures.get(0).run()).isEqualTo(1);
            }
        }
        List<MemberId> live = h.ids.stream().filter(m -> !m.equals(dead)).toList();
        h.start(2, live);
        assertThat(h.runFor(30_000)).isTrue();
        h.assertAllAgree(2, live);
    }

    @Test
    void closeCancelsTimers() {
        AgreementHarness h = harness(3, 16, Map.of());
        h.net.down(m -> m.equals(h.ids.get(2)));
        h.start(1, h.ids);
        h.runFor(300);
        h.sessions.values().forEach(s -> s.close());
        assertThat(h.runFor(60_000)).isTrue();
        Set<Long> none = new HashSet<>();
        h.ctx.values().forEach(c -> c.failures.forEach(f -> none.add(f.run())));
        assertThat(none).isEmpty();
    }
}
