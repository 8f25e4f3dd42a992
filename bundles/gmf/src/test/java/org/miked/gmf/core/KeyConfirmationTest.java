package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Destination;
import org.miked.api.protocol.AgreementResult;
import org.miked.api.runtime.HostRuntime;
import org.miked.common.event.VirtualTime;
import org.miked.gmf.wire.Control;
import org.miked.testkit.TestRuntime;

/** The confirmation state machine alone, on virtual time, with a recording port. */
class KeyConfirmationTest {
    private static final GroupId G = GroupId.of("trial");
    private static final MemberId S1 = MemberId.of("s01");
    private static final MemberId S2 = MemberId.of("s02");
    private static final MemberId S3 = MemberId.of("s03");
    private static final MemberId S4 = MemberId.of("s04");
    private static final List<MemberId> THREE = List.of(S1, S2, S3);
    private static final long RUN = 40;
    private static final byte[] SECRET = new byte[32];
    private static final byte[] TRANSCRIPT = new byte[32];

    static {
        Arrays.fill(SECRET, (byte) 9);
        Arrays.fill(TRANSCRIPT, (byte) 4);
    }

    /** A port that records what the confirmation does. */
    private static final class Recorder implements KeyConfirmation.Port {
        final VirtualTime time = new VirtualTime();
        final HostRuntime rt = new TestRuntime(S1, time, 1);
        final List<Object[]> sent = new ArrayList<>();
        final List<AgreementResult> confirmed = new ArrayList<>();
        final List<Object[]> failed = new ArrayList<>();
        final Map<String, Long> counters = new TreeMap<>();
        final List<String> log = new ArrayList<>();

        @Override
        public HostRuntime rt() {
            return rt;
        }

        @Override
        public void send(Control.Confirm c, Destination to) {
            sent.add(new Object[] {c, to});
        }

        @Override
        public void confirmed(AgreementResult result) {
            confirmed.add(result);
        }

        @Override
        public void failed(String why, Set<MemberId> differing, Set<MemberId> silent) {
            failed.add(new Object[] {why, differing, silent});
        }

        @Override
        public void count(String counter) {
            counters.merge(counter, 1L, Long::sum);
        }

        @Override
        public void log(String line) {
            log.add(line);
        }

        long unicastsTo(MemberId m) {
            return sent.stream().filter(s -> s[1] instanceof Destination.Unicast u && u.to().equals(m)).count();
        }

        long multicasts() {
            return sent.stream().filter(s -> s[1] instanceof Destination.Multicast).count();
        }
    }

    private static byte[] tagOf(MemberId author, List<MemberId> members, byte[] secret) {
        return ConfirmationTag.tag(ConfirmationTag.key(secret, G, RUN), G, RUN, members, TRANSCRIPT, author);
    }

    /** @return the CONFIRM author would send holding secret, with the given positions in its bitmap */
    private static Control.Confirm confirmOf(MemberId author, List<MemberId> members, byte[] secret, int... have) {
        long bits = 1L << members.indexOf(author);
        for (int p : have) {
            bits |= 1L << p;
        }
        return new Control.Confirm(RUN, members.size(), bits, tagOf(author, members, secret));
    }

    private static AgreementResult result(List<MemberId> members) {
        return new AgreementResult(RUN, members, SECRET, TRANSCRIPT);
    }

    @Test
    void tagsThatArriveBeforeTheSessionAgreedAreKeptAndConfirmTheKeyAtOnce() {
        Recorder p = new Recorder();
        KeyConfirmation k = new KeyConfirmation(p, G, RUN, THREE, S1);
        k.onConfirm(S2, confirmOf(S2, THREE, SECRET));
        k.onConfirm(S3, confirmOf(S3, THREE, SECRET));
        assertThat(p.sent).isEmpty();
        assertThat(p.confirmed).isEmpty();
        k.agreed(result(THREE));
        assertThat(p.confirmed).hasSize(1);
        assertThat(p.multicasts()).isEqualTo(1);
        Control.Confirm mine = (Control.Confirm) p.sent.get(0)[0];
        assertThat(mine.tag()).isEqualTo(tagOf(S1, THREE, SECRET));
        assertThat(mine.has(0)).isTrue();
        // nothing is pending: no timer fires a resend or a timeout
        p.time.runUntil(20_000);
        assertThat(p.sent).hasSize(1);
        assertThat(p.failed).isEmpty();
    }

    @Test
    void aMemberWithAnotherSecretIsNamedAndTheKeyIsNotConfirmed() {
        Recorder p = new Recorder();
        KeyConfirmation k = new KeyConfirmation(p, G, RUN, THREE, S1);
        byte[] other = SECRET.clone();
        other[0] ^= 1;
        k.agreed(result(THREE));
        k.onConfirm(S3, confirmOf(S3, THREE, other));
        assertThat(p.failed).as("waits for every tag before it names who differs").isEmpty();
        k.onConfirm(S2, confirmOf(S2, THREE, SECRET));
        assertThat(p.confirmed).isEmpty();
        assertThat(p.failed).hasSize(1);
        assertThat(p.failed.get(0)[1]).isEqualTo(Set.of(S3));
        assertThat(p.failed.get(0)[2]).isEqualTo(Set.of());
        assertThat((String) p.failed.get(0)[0]).contains("[s03]");
    }

    @Test
    void aTagOverAnotherTranscriptOrMemberOrderDiffersToo() {
        Recorder p = new Recorder();
        KeyConfirmation k = new KeyConfirmation(p, G, RUN, THREE, S1);
        k.agreed(result(THREE));
        byte[] otherTranscript = ConfirmationTag.tag(ConfirmationTag.key(SECRET, G, RUN), G, RUN, THREE, new byte[32], S2);
        k.onConfirm(S2, new Control.Confirm(RUN, 3, 0b010, otherTranscript));
        List<MemberId> reordered = List.of(S1, S3, S2);
        k.onConfirm(S3, new Control.Confirm(RUN, 3, 0b100, tagOf(S3, reordered, SECRET)));
        assertThat(p.failed).hasSize(1);
        assertThat(p.failed.get(0)[1]).isEqualTo(Set.of(S2, S3));
    }

    @Test
    void aRetransmittedCopyThatLacksOursIsAnsweredByUnicastAtMostOncePerHalfInterval() {
        Recorder p = new Recorder();
        KeyConfirmation k = new KeyConfirmation(p, G, RUN, THREE, S1);
        k.agreed(result(THREE));
        Control.Confirm fromS2 = confirmOf(S2, THREE, SECRET);
        k.onConfirm(S2, fromS2);
        assertThat(p.unicastsTo(S2)).as("a first copy may only have crossed ours").isZero();
        k.onConfirm(S2, fromS2);
        assertThat(p.unicastsTo(S2)).isEqualTo(1);
        k.onConfirm(S2, fromS2);
        assertThat(p.unicastsTo(S2)).as("rate limited").isEqualTo(1);
        p.time.runUntil(KeyConfirmation.RESEND_MS / 2);
        k.onConfirm(S2, fromS2);
        assertThat(p.unicastsTo(S2)).isEqualTo(2);
        k.onConfirm(S2, confirmOf(S2, THREE, SECRET, 0));
        p.time.runUntil(KeyConfirmation.RESEND_MS);
        k.onConfirm(S2, confirmOf(S2, THREE, SECRET, 0));
        assertThat(p.unicastsTo(S2)).as("it holds ours now").isEqualTo(2);
        assertThat(p.counters.get("agreement.confirm-answered")).isEqualTo(2);
    }

    @Test
    void twoMembersThatLackOursGetOneMulticastInsteadOfTwoUnicasts() {
        List<MemberId> four = List.of(S1, S2, S3, S4);
        Recorder p = new Recorder();
        KeyConfirmation k = new KeyConfirmation(p, G, RUN, four, S1);
        k.agreed(result(four));
        k.onConfirm(S2, confirmOf(S2, four, SECRET));
        k.onConfirm(S3, confirmOf(S3, four, SECRET));
        long before = p.multicasts();
        k.onConfirm(S2, confirmOf(S2, four, SECRET));
        assertThat(p.multicasts()).isEqualTo(before + 1);
        k.onConfirm(S3, confirmOf(S3, four, SECRET));
        assertThat(p.multicasts()).as("s03 was served by the same multicast").isEqualTo(before + 1);
        assertThat(p.unicastsTo(S2) + p.unicastsTo(S3)).isZero();
    }

    @Test
    void whileATagIsMissingOursIsMulticastEveryIntervalAndTheRunTimesOutNamingTheSilent() {
        Recorder p = new Recorder();
        KeyConfirmation k = new KeyConfirmation(p, G, RUN, THREE, S1);
        k.agreed(result(THREE));
        p.time.runUntil(1_000);
        k.onConfirm(S2, confirmOf(S2, THREE, SECRET, 0));
        // sent at 0, resent at 250, 500, 750, 1000
        assertThat(p.multicasts()).isEqualTo(5);
        Control.Confirm last = (Control.Confirm) p.sent.get(p.sent.size() - 1)[0];
        assertThat(last.has(1)).as("the resend's bitmap shows what is missing").isFalse();
        p.time.runUntil(1_000 + KeyConfirmation.TIMEOUT_MS - 1);
        assertThat(p.failed).as("inactivity: the clock restarted with s02's tag").isEmpty();
        p.time.runUntil(1_000 + KeyConfirmation.TIMEOUT_MS);
        assertThat(p.failed).hasSize(1);
        assertThat(p.failed.get(0)[2]).isEqualTo(Set.of(S3));
        assertThat(p.failed.get(0)[1]).isEqualTo(Set.of());
        long sentAtFailure = p.sent.size();
        p.time.runUntil(30_000);
        assertThat(p.sent).as("no resends after the outcome").hasSize((int) sentAtFailure);
    }

    @Test
    void aMemberThatSendsTwoDifferentTagsIsNamed() {
        Recorder p = new Recorder();
        KeyConfirmation k = new KeyConfirmation(p, G, RUN, THREE, S1);
        k.agreed(result(THREE));
        byte[] other = SECRET.clone();
        other[5] ^= 1;
        k.onConfirm(S2, confirmOf(S2, THREE, SECRET));
        k.onConfirm(S2, confirmOf(S2, THREE, other));
        k.onConfirm(S3, confirmOf(S3, THREE, SECRET));
        assertThat(p.failed).hasSize(1);
        assertThat(p.failed.get(0)[1]).isEqualTo(Set.of(S2));
        assertThat(p.counters).containsEntry("agreement.confirm-conflict", 1L);
    }

    @Test
    void confirmsFromOutsidersOrWithAnotherCountAreCountedAndIgnored() {
        Recorder p = new Recorder();
        KeyConfirmation k = new KeyConfirmation(p, G, RUN, THREE, S1);
        k.agreed(result(THREE));
        k.onConfirm(S4, new Control.Confirm(RUN, 3, 0b1, tagOf(S4, THREE, SECRET)));
        k.onConfirm(S2, new Control.Confirm(RUN, 4, 0b10, tagOf(S2, THREE, SECRET)));
        assertThat(k.confirmedCount()).isEqualTo(1);
        assertThat(p.counters).containsEntry("control.confirm-not-a-member", 1L).containsEntry("control.confirm-count", 1L);
    }

    @Test
    void aSessionThatReportsOtherMembersFailsWithoutSending() {
        Recorder p = new Recorder();
        KeyConfirmation k = new KeyConfirmation(p, G, RUN, THREE, S1);
        k.agreed(result(List.of(S1, S2)));
        assertThat(p.failed).hasSize(1);
        assertThat(p.sent).isEmpty();
    }

    @Test
    void afterCloseNothingIsSentOrReported() {
        Recorder p = new Recorder();
        KeyConfirmation k = new KeyConfirmation(p, G, RUN, THREE, S1);
        k.agreed(result(THREE));
        k.close();
        k.onConfirm(S2, confirmOf(S2, THREE, SECRET));
        k.onConfirm(S2, confirmOf(S2, THREE, SECRET));
        k.onConfirm(S3, confirmOf(S3, THREE, SECRET));
        p.time.runUntil(30_000);
        assertThat(p.sent).hasSize(1);
        assertThat(p.confirmed).isEmpty();
        assertThat(p.failed).isEmpty();
    }
}
