package org.miked.gdh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.miked.testkit.AgreementHarness;
import org.miked.api.MemberId;
import org.miked.dh.core.RunInfo;
import org.miked.dh.group.DhGroup;
import org.miked.dh.group.DhGroups;
import org.miked.gdh.core.GdhSession.Variant;
import org.miked.gdh.wire.GdhCodec;
import org.miked.gdh.wire.GdhData;
import org.miked.gdh.wire.GdhMessage;
import org.miked.gdh.wire.GdhStatus;
import org.miked.testkit.TestContext;

class GdhSessionTest {

    static AgreementHarness harness(Variant v, int n, long seed, Map<String, String> params) {
        return new AgreementHarness(n, seed, params, c -> new GdhSession(c, v));
    }

    static GdhSession session(AgreementHarness h, int pos) {
        return (GdhSession) h.sessions.get(h.ids.get(pos));
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @CsvSource({"GDH2,2,P-256", "GDH2,3,P-256", "GDH2,5,P-256", "GDH2,25,P-256", "GDH2,2,ffdhe2048",
        "GDH2,5,ffdhe2048", "GDH2,3,ffdhe3072", "GDH3,2,P-256", "GDH3,3,P-256", "GDH3,5,P-256", "GDH3,25,P-256",
        "GDH3,2,ffdhe2048", "GDH3,5,ffdhe2048"})
    void allMembersDeriveTheSameKeyAndEachRunANewOne(Variant v, int n, String group) {
        AgreementHarness h = harness(v, n, 21, Map.of("gdh.group", group));
        h.start(1, h.ids);
        assertThat(h.runFor(20_000)).isTrue();
        h.assertAllAgree(1, h.ids);
        long[] exps = new long[n];
        for (int i = 0; i < n; i++) {
            exps[i] = session(h, i).counters().fullExps();
        }
        if (v == Variant.GDH2) {
            assertThat(exps[n - 1]).isEqualTo(n);
            assertThat(exps[0]).isEqualTo(2);
        } else {
            assertThat(exps[n - 1]).isEqualTo(n);
            if (n >= 3) {
                assertThat(exps[0]).isEqualTo(3);
                assertThat(exps[n - 2]).isEqualTo(2);
            }
        }
        h.start(2, h.ids); // same list: a full run again
        assertThat(h.runFor(20_000)).isTrue();
        h.assertAllAgree(2, h.ids);
        assertThat(h.results(2, h.ids).get(0).secret()).isNotEqualTo(h.results(1, h.ids).get(0).secret());
        assertThat(h.net.largest()).isLessThanOrEqualTo(GdhCodec.BODY_BUDGET);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Variant.class)
    void leavesAreOneRefreshBroadcastNotARestart(Variant v) {
        AgreementHarness h = harness(v, 6, 22, Map.of());
        h.start(1, h.ids);
        assertThat(h.runFor(20_000)).isTrue();
        h.assertAllAgree(1, h.ids);
        // a middle member leaves: the last member refreshes
        List<MemberId> l2 = new ArrayList<>(h.ids);
        l2.remove(2);
        long[] before = exps(h);
        h.start(2, l2);
        assertThat(h.runFor(20_000)).isTrue();
        h.assertAllAgree(2, l2);
        assertThat(h.results(2, l2).get(0).secret()).isNotEqualTo(h.results(1, h.ids).get(0).secret());
        long[] after = exps(h);
        for (MemberId m : l2) {
            int p = h.ids.indexOf(m);
            long used = after[p] - before[p];
            assertThat(used).as("exponentiations of %s", m).isEqualTo(m.equals(l2.get(l2.size() - 1)) ? l2.size() : 1);
            assertThat(((GdhSession) h.sessions.get(m)).leaveRuns()).isEqualTo(1);
        }
        // then the last (controlling) member leaves: the new last member takes over
        List<MemberId> l3 = new ArrayList<>(l2);
        l3.remove(l3.size() - 1);
        h.start(3, l3);
        assertThat(h.runFor(20_000)).isTrue();
        h.assertAllAgree(3, l3);
        // the leavers of run 2 and 3 cannot be in run 4: a member returns -> full run
        h.start(4, h.ids);
        assertThat(h.runFor(20_000)).isTrue();
        h.assertAllAgree(4, h.ids);
        assertThat(((GdhSession) h.sessions.get(h.ids.get(0))).leaveRuns()).isEqualTo(2);
    }

    private static long[] exps(AgreementHarness h) {
        long[] e = new long[h.ids.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = session(h, i).counters().fullExps();
        }
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Variant.class)
    void aLeaveFallsBackToAFullRunWhenAMemberLacksThePreviousRun(Variant v) {
        AgreementHarness h = harness(v, 5, 23, Map.of());
        h.start(1, h.ids);
        assertThat(h.runFor(20_000)).isTrue();
        // s02 restarts: a fresh session has no lineage
        MemberId fresh = h.ids.get(1);
        GdhSession replacement = new GdhSession(h.ctx.get(fresh), v);
        h.sessions.put(fresh, replacement);
        h.net.attach(fresh, org.miked.api.Role.SENDER, replacement::onMessage);
        List<MemberId> l2 = new ArrayList<>(h.ids);
        l2.remove(3);
        h.start(2, l2);
        assertThat(h.runFor(20_000)).isTrue();
        h.assertAllAgree(2, l2);
        assertThat(h.ctx.get(h.ids.get(0)).counter("gdh.leave.fallback")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} n={1}")
    @CsvSource({"GDH2,3,25", "GDH2,5,25", "GDH2,25,4", "GDH3,3,25", "GDH3,5,25", "GDH3,25,4"})
    void everyRunCompletesUnderTwentyPercentLoss(Variant v, int n, int seeds) {
        for (long seed = 1; seed <= seeds; seed++) {
            AgreementHarness h = harness(v, n, 2000 + seed, Map.of());
            h.net.loss(0.2);
            h.start(1, h.ids);
            assertThat(h.runFor(120_000)).as("seed %d drains", seed).isTrue();
            h.assertAllAgree(1, h.ids);
            List<MemberId> l2 = h.ids.subList(0, n - 1);
            h.start(2, l2);
            assertThat(h.runFor(120_000)).as("seed %d leave drains", seed).isTrue();
            h.assertAllAgree(2, l2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Variant.class)
    void fragmentedFfdheListsSurviveLoss(Variant v) {
        for (long seed = 1; seed <= 3; seed++) {
            AgreementHarness h = harness(v, 6, 3000 + seed, Map.of("gdh.group", "ffdhe2048"));
            h.net.loss(0.2);
            h.start(1, h.ids);
            assertThat(h.runFor(120_000)).isTrue();
            h.assertAllAgree(1, h.ids);
            assertThat(h.net.largest()).isLessThanOrEqualTo(GdhCodec.BODY_BUDGET);
        }
    }

    @ParameterizedTest(name = "{0} dead={1}")
    @CsvSource({"GDH2,0", "GDH2,2", "GDH2,4", "GDH3,0", "GDH3,3", "GDH3,4"})
    void aSilentMemberFailsTheRunByNameAndARestartWithoutItSucceeds(Variant v, int deadPos) {
        AgreementHarness h = harness(v, 5, 24, Map.of());
        h.start(1, h.ids);
        assertThat(h.runFor(20_000)).isTrue();
        h.assertAllAgree(1, h.ids);
        MemberId dead = h.ids.get(deadPos);
        h.net.down(m -> m.equals(dead));
        h.start(2, h.ids);
        assertThat(h.runFor(30_000)).isTrue();
        for (MemberId m : h.ids) {
            if (!m.equals(dead)) {
                assertThat(h.ctx.get(m).agreed).noneMatch(a -> a.run() == 2);
                assertThat(h.ctx.get(m).failures).singleElement()
                        .satisfies(f -> assertThat(f.silent()).containsExactly(dead));
            }
        }
        List<MemberId> live = h.ids.stream().filter(m -> !m.equals(dead)).toList();
        h.start(3, live);
        assertThat(h.runFor(30_000)).isTrue();
        h.assertAllAgree(3, live);
        assertThat(((GdhSession) h.sessions.get(live.get(0))).leaveRuns()).isEqualTo(1);
    }

    private static RunInfo infoOf(AgreementHarness h, Variant v, long run, int pos) {
        return RunInfo.of(v.protocolName, v.id, DhGroups.byName(h.policies.sender(h.ids.get(0)).param("gdh.group",
                "P-256")), "trial", run, h.ids, h.ids.get(pos));
    }

    @Test
    void invalidElementsAreRejectedLoggedAndCounted() {
        AgreementHarness h = harness(Variant.GDH2, 3, 25, Map.of());
        h.start(1, h.ids);
        TestContext c = h.ctx.get(h.ids.get(1));
        byte[] offCurve = offCurve();
        RunInfo from0 = infoOf(h, Variant.GDH2, 1, 0);
        DhGroup g = DhGroups.byName("P-256");
        byte[] up = GdhCodec.encode(new GdhData(from0.header(GdhMessage.UPFLOW), null, 2, 0,
                List.of(g.generator().encoded(), offCurve)));
        h.sessions.get(h.ids.get(1)).onMessage(h.ids.get(0), up);
        byte[] id = GdhCodec.encode(new GdhData(from0.header(GdhMessage.UPFLOW), null, 2, 0,
                List.of(g.generator().encoded(), new byte[33])));
        h.sessions.get(h.ids.get(1)).onMessage(h.ids.get(0), id);
        assertThat(c.counter("gdh.rejected.element")).isEqualTo(2);
        assertThat(c.log).anyMatch(l -> l.contains("rejected element from s01: not-on-curve"))
                .anyMatch(l -> l.contains("rejected element from s01: identity"));
        assertThat(h.runFor(20_000)).isTrue();
        h.assertAllAgree(1, h.ids);
    }

    @Test
    void ffdheElementsOutsideTheSubgroupAreRejected() {
        AgreementHarness h = harness(Variant.GDH3, 3, 26, Map.of("gdh.group", "ffdhe2048"));
        h.start(1, h.ids);
        DhGroup g = DhGroups.byName("ffdhe2048");
        BigInteger p = g.order().shiftLeft(1).add(BigInteger.ONE);
        byte[] nonResidue = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(256, p.subtract(BigInteger.TWO));
        RunInfo from1 = infoOf(h, Variant.GDH3, 1, 1);
        h.sessions.get(h.ids.get(0)).onMessage(h.ids.get(1),
                GdhCodec.encode(new GdhData(from1.header(GdhMessage.CARDINAL), null, 1, 0, List.of(nonResidue))));
        TestContext c = h.ctx.get(h.ids.get(0));
        assertThat(c.counter("gdh.rejected.element")).isEqualTo(1);
        assertThat(c.log).anyMatch(l -> l.contains("rejected element from s02: not-in-subgroup"));
    }

    static byte[] offCurve() {
        DhGroup g = DhGroups.byName("P-256");
        for (int x = 1;; x++) {
            byte[] b = new byte[33];
            b[0] = 2;
            b[32] = (byte) x;
            try {
                g.decode(b);
            } catch (org.miked.dh.group.InvalidElementException e) {
                return b;
            }
        }
    }

    @Test
    void tamperedReplayedAndForgedMessagesAreRejectedAndNamed() {
        AgreementHarness h = harness(Variant.GDH2, 3, 27, Map.of());
        MemberId a = h.ids.get(1);
        MemberId b = h.ids.get(0);
        TestContext c = h.ctx.get(a);
        h.start(1, h.ids);
        assertThat(h.runFor(20_000)).isTrue();
        byte[] oldUpflow = h.delivered.stream().filter(d -> d[0].equals(b) && d[1].equals(a))
                .map(d -> (byte[]) d[2]).findFirst().orElseThrow();
        h.start(2, h.ids);
        h.sessions.get(a).onMessage(b, oldUpflow);
        assertThat(c.log).anyMatch(l -> l.contains("rejected stale from s01: run 1 is older than the current run 2"));
        byte[] t = oldUpflow.clone();
        t[11] = 2; // run 1 -> 2 (last byte of the run field) but the list hash stays: still fine; tamper the hash
        t[12] ^= 0x40;
        h.sessions.get(a).onMessage(b, t);
        assertThat(c.log).anyMatch(l -> l.contains("rejected list from s01"));
        h.sessions.get(a).onMessage(b, Arrays.copyOf(oldUpflow, oldUpflow.length - 3));
        assertThat(c.log).anyMatch(l -> l.contains("rejected decode from s01: elements"));
        RunInfo forged = infoOf(h, Variant.GDH2, 2, 2);
        h.sessions.get(a).onMessage(b, GdhCodec.encode(new GdhStatus(forged.header(GdhMessage.STATUS),
                new byte[16], 3, new BitSet())));
        assertThat(c.log).anyMatch(l -> l.contains("rejected position from s01: position 2 forged"));
        // a BROADCAST claimed by a member that is not the last
        RunInfo own = infoOf(h, Variant.GDH2, 2, 0);
        h.sessions.get(a).onMessage(b, GdhCodec.encode(new GdhData(own.header(GdhMessage.BROADCAST), null, 2, 0,
                List.of(DhGroups.byName("P-256").generator().encoded()))));
        assertThat(c.log).anyMatch(l -> l.contains("rejected role from s01: BROADCAST from position 0"));
        assertThat(c.counters).containsKeys("gdh.rejected.stale", "gdh.rejected.list", "gdh.rejected.decode",
                "gdh.rejected.position", "gdh.rejected.role");
        assertThat(h.runFor(20_000)).isTrue();
        h.assertAllAgree(2, h.ids);
    }

    @Test
    void closeCancelsTimers() {
        AgreementHarness h = harness(Variant.GDH3, 4, 28, Map.of());
        h.net.down(m -> m.equals(h.ids.get(2)));
        h.start(1, h.ids);
        h.runFor(300);
        h.sessions.values().forEach(s -> s.close());
        assertThat(h.runFor(60_000)).isTrue();
        h.ctx.values().forEach(c -> assertThat(c.failures).isEmpty());
    }
}
