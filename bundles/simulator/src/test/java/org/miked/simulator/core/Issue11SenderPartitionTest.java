package org.miked.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.gmf.GroupStatus;
import org.miked.gmf.core.HostGmf;
import org.miked.simulator.Faults;
import org.miked.simulator.Partition;
import org.miked.simulator.Scenario;
import org.miked.simulator.Summary;

/**
 * Issue 11, "when the senders split into two partitions and later merge, the group converges to one epoch
 * key without manual action; receivers of either side end keyed": s01, s02 and their receivers are cut off
 * from s03-s05 and theirs in the middle of a 240 s run with 10% loss and joins and leaves during the cut.
 */
class Issue11SenderPartitionTest {
    static final int RECEIVERS = 150;
    static final int JOINS = 10;
    static final double CUT_AT_S = 60;
    static final List<MemberId> SIDE_A = List.of(ScenarioPolicies.senderId(1), ScenarioPolicies.senderId(2));
    static final List<MemberId> SIDE_B = List.of(ScenarioPolicies.senderId(3), ScenarioPolicies.senderId(4),
            ScenarioPolicies.senderId(5));
    static final Pattern RUN = Pattern.compile("run (\\d+)");

    /** One sender as the GMF shows it at a moment. */
    record Seen(long epoch, String fingerprint, int liveSenders, long run, long servedKeyed, long served) {
    }

    /** What a run showed: its summary, each sender at the cut's start and end, and the log. */
    record Outcome(Summary summary, Map<MemberId, Seen> atCut, Map<MemberId, Seen> atHeal, List<String> log) {
    }

    /** s01, s02 and every receiver they serve (receiver i is served by sender (i - 1) mod 5 + 1). */
    static List<String> sideA() {
        List<String> hosts = new ArrayList<>(SIDE_A.stream().map(MemberId::id).toList());
        for (int i = 1; i <= RECEIVERS + JOINS; i++) {
            if ((i - 1) % 5 < 2) {
                hosts.add(ScenarioPolicies.receiverId(i).id());
            }
        }
        return hosts;
    }

    static Scenario scenario(double cutS) {
        return new Scenario("partition", 5, RECEIVERS, 0.10, 20, 10, 23, "bd", "lkh", 4, JOINS, 10, 0.1, 240, 500,
                "sig").withFaults(new Faults(List.of(), List.of(new Partition(CUT_AT_S, cutS, sideA())), 0));
    }

    static Outcome run(double cutS) {
        SimHarness h = new SimHarness();
        List<String> log = new ArrayList<>();
        h.log = line -> {
            if (line.contains("coordinating run") || line.contains("is back") || line.contains("silent for")
                    || line.contains("agreed among")) {
                synchronized (log) {
                    log.add(line);
                }
            }
        };
        Map<MemberId, Seen> atCut = new TreeMap<>();
        Map<MemberId, Seen> atHeal = new TreeMap<>();
        Scenario sc = scenario(cutS);
        long from = Math.round(CUT_AT_S * 1000);
        long until = from + Math.round(cutS * 1000);
        h.setup = n -> {
            n.schedule(from - 1, () -> look(h, atCut));
            n.schedule(until - 1, () -> look(h, atHeal));
        };
        Summary s = h.run(sc);
        return new Outcome(s, atCut, atHeal, log);
    }

    /** Each sender's epoch, key, live senders and run, and how many of its present receivers hold its key. */
    private static void look(SimHarness h, Map<MemberId, Seen> into) {
        ScenarioPolicies p = new ScenarioPolicies(scenario(1));
        for (MemberId s : p.senders()) {
            GroupStatus st = current(h, s);
            long served = 0;
            long keyed = 0;
            for (var e : h.made.entrySet()) {
                MemberId r = e.getKey();
                if (p.senders().contains(r) || !s.equals(p.serverOf(r))) {
                    continue;
                }
                GroupStatus rs = current(h, r);
                if (rs != null && rs.role() == org.miked.api.Role.RECEIVER) {
                    served++;
                    if (rs.keyFingerprint().equals(st.keyFingerprint())) {
                        keyed++;
                    }
                }
            }
            Matcher m = RUN.matcher(st.agreement());
            into.put(s, new Seen(st.epoch(), st.keyFingerprint(), st.senders(), m.find() ? Long.parseLong(m.group(1)) : -1,
                    keyed, served));
        }
    }

    /** @return true if two senders are in the same run and hold the same key, or one is an epoch ahead */
    private static boolean sameSide(Seen x, Seen head) {
        return x.run() == head.run() && (x.fingerprint().equals(head.fingerprint()) || Math.abs(x.epoch() - head.epoch()) == 1);
    }

    private static GroupStatus current(SimHarness h, MemberId m) {
        List<HostGmf> gs = h.made.get(m);
        return gs == null ? null : gs.get(gs.size() - 1).status(ScenarioPolicies.GROUP).orElse(null);
    }

    private static void assertConvergedAndClean(Outcome o) {
        Summary s = o.summary();
        assertThat(s.partitionDrops()).as("the cut dropped traffic").isPositive();
        assertThat(s.sendersKeyed()).as("every sender holds the same key: " + s.toTable() + o.log()).isEqualTo(5);
        assertThat(s.receiversKeyed()).as(s.toTable()).isEqualTo(s.receivers());
        assertThat(s.receivers()).isEqualTo(RECEIVERS + JOINS - 10);
        assertThat(s.departedStillServed()).isZero();
        assertThat(s.emconPacketsSent()).isZero();
    }

    @Test
    void aCutLongerThanTheSilenceTimeoutSplitsTheSendersIntoTwoGroupsThatMergeIntoOneAfterwards() {
        Outcome o = run(60);
        assertConvergedAndClean(o);
        Map<MemberId, Seen> cut = o.atCut();
        Map<MemberId, Seen> heal = o.atHeal();
        // before the cut: one group of five
        assertThat(cut.values()).extracting(Seen::fingerprint).containsOnly(cut.get(SIDE_A.get(0)).fingerprint());
        assertThat(cut.values()).extracting(Seen::liveSenders).containsOnly(5);
        // at the end of the cut: each side dropped the other after the silence timeout and agreed on its own
        String a = heal.get(SIDE_A.get(0)).fingerprint();
        String b = heal.get(SIDE_B.get(0)).fingerprint();
        assertThat(a).isNotEqualTo(b);
        // one side's run, and its key, or the next epoch's when that epoch's announcement is still in flight at the
        // instant of the look (a batch at one sender of the side in the last ~20 ms)
        Seen headA = heal.get(SIDE_A.get(0));
        Seen headB = heal.get(SIDE_B.get(0));
        SIDE_A.forEach(m -> assertThat(heal.get(m)).as(m + " " + heal).matches(x -> sameSide(x, headA)
                && x.liveSenders() == 2 && x.epoch() > cut.get(m).epoch() && x.run() > cut.get(m).run()));
        SIDE_B.forEach(m -> assertThat(heal.get(m)).as(m + " " + heal).matches(x -> sameSide(x, headB)
                && x.liveSenders() == 3 && x.epoch() > cut.get(m).epoch() && x.run() > cut.get(m).run()));
        assertThat(headA.run()).as("two runs, one per side").isNotEqualTo(headB.run());
        // both sides kept serving their own receivers (joins and leaves fall in the cut)
        heal.forEach((m, x) -> assertThat(x.servedKeyed()).as(m + " " + heal).isGreaterThanOrEqualTo(x.served() * 9 / 10)
                .isPositive());
        // the merge: a new run among all five, coordinated by s01, after the cut healed
        long healedAt = Math.round((CUT_AT_S + 60) * 1000);
        assertThat(o.log()).as("s01 heard s03 again and coordinated a run of five")
                .anyMatch(l -> l.startsWith("s01 group fig1: sender s03 is back"))
                .anyMatch(l -> l.startsWith("s01 group fig1: coordinating run") && l.contains("s05]")
                        && Long.parseLong(l.replaceAll(".*coordinating run (\\d+).*", "$1")) >= healedAt);
    }

    @Test
    void aCutShorterThanTheSilenceTimeoutDropsNobodyAndTheEpochsConvergeAfterwards() {
        Outcome o = run(15);
        assertConvergedAndClean(o);
        Map<MemberId, Seen> heal = o.atHeal();
        assertThat(heal.values()).as("nobody was dropped " + heal).extracting(Seen::liveSenders).containsOnly(5);
        assertThat(heal.values()).as("no new run during the cut " + heal).extracting(Seen::run)
                .containsOnly(o.atCut().get(SIDE_A.get(0)).run());
        heal.forEach((m, x) -> assertThat(x.servedKeyed()).as(m + " " + heal).isGreaterThanOrEqualTo(x.served() * 9 / 10)
                .isPositive());
    }

    @Test
    void aCutThatEndsJustAfterTheSilenceTimeoutMergesToo() {
        // both sides drop the other at about 20-22 s and start their own run while the cut heals at 25 s
        Outcome o = run(25);
        assertConvergedAndClean(o);
        assertThat(o.log()).as("s01 dropped the others before the heal").anyMatch(l -> l.startsWith("s01 group fig1: senders silent"));
    }

    @Test
    void sameSeedSameSummaryWithASenderPartition() {
        assertThat(run(60).summary().withoutWall()).isEqualTo(run(60).summary().withoutWall());
    }
}
