package org.miked.auth.tesla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miked.api.auth.AuthException;
import org.miked.api.policy.Credentials;
import org.miked.auth.tesla.internal.TeslaScheme;
import org.miked.auth.tesla.wire.Trailer;
import org.miked.auth.tesla.wire.TrailerCodec;
import org.miked.testkit.TestNetwork;
import org.miked.testkit.TestPolicies;

/** TESLA sessions at a key server and receivers on a virtual-time test network (delay 5..10 ms). */
class TeslaSessionTest {
    // defaults: T = 100 ms, d = 5, 10-byte MACs, skew 200 ms; the first chain starts with interval 1 at t = 0

    @Test
    void aMessageVerifiesOnlyAfterItsKeyIsDisclosedAndExactlyOnce() {
        Rig rig = new Rig(1);
        Rig.Rx rx = rig.receiver(1);
        Rig.Rx rx2 = rig.receiver(2);
        byte[] sealed = rig.send("rekey 1");
        Trailer t = Rig.trailer(sealed);
        assertThat(t.interval()).isEqualTo(1);
        assertThat(t.hasKey()).isFalse(); // nothing to disclose in the first d intervals
        assertThat(sealed).hasSize("rekey 1".length() + TrailerCodec.overhead(false, 10));
        // K_1 may be disclosed from T0 + (1 + 5) * 100 = 500 ms on
        rig.runUntil(499);
        assertThat(rx.authenticated).isEmpty();
        assertThat(rx.session.buffered()).isEqualTo(1);
        rig.idle();
        assertThat(rx.authenticated).containsExactly("rekey 1");
        assertThat(rx2.authenticated).containsExactly("rekey 1");
        assertThat(rx.authenticatedAt.get(0)).isGreaterThanOrEqualTo(500);
        assertThat(rx.rejected).isEmpty();
        assertThat(rx.session.counter("bootstrap.verified")).isEqualTo(1);
        // the key server went quiet after disclosing K_1 in three messages of its own and one bootstrap
        assertThat(rig.sender.counters()).containsEntry("disclosures", 3L).containsEntry("bootstraps", 1L);
        assertThat(rig.sender.owesDisclosure()).isFalse();
    }

    /** A session the GMF closed (scheme swapped, group left) emits nothing more. */
    @Test
    void aClosedSenderNeitherDisclosesNorBootstraps() {
        Rig rig = new Rig(1);
        Rig.Rx rx = rig.receiver(1);
        rig.send("rekey 1");
        rig.sender.close();
        rig.idle();
        assertThat(rig.sender.counters().getOrDefault("disclosures", 0L)).isZero();
        assertThat(rig.sender.counters().getOrDefault("bootstraps", 0L)).isZero();
        assertThat(rx.authenticated).isEmpty();
    }

    @Test
    void theUsualMessageCarriesAKeyAndItsTrailerIs34Bytes() {
        Rig rig = new Rig(2);
        Rig.Rx rx = rig.receiver(1);
        List<String> msgs = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            rig.runUntil(k * 100L);
            msgs.add("m" + k);
            byte[] sealed = rig.send("m" + k);
            if (k >= 5) {
                assertThat(Rig.trailer(sealed).hasKey()).isTrue();
                assertThat(sealed.length - ("m" + k).length()).isEqualTo(34).isEqualTo(rig.sender.overhead());
            }
        }
        rig.idle();
        assertThat(rx.authenticated).containsExactlyElementsOf(msgs);
        // a steady stream discloses its own keys: only the tail needs the scheme's own messages
        assertThat(rig.sender.counters().get("disclosures")).isEqualTo(3L);
    }

    @Test
    void aForgedMacIsDroppedAndCountedWhenItsKeyArrives() {
        Rig rig = new Rig(3);
        Rig.Rx rx = rig.receiver(1);
        rig.send("genuine");
        byte[] sealed = rig.sender.seal("rekey evil".getBytes());
        byte[] forged = sealed.clone();
        forged[sealed.length - 2] ^= 1; // last MAC byte
        rx.deliver(Rig.S1, forged, rig.now());
        byte[] otherMessage = sealed.clone();
        otherMessage[0] ^= 1; // message changed, MAC kept
        rx.deliver(Rig.S1, otherMessage, rig.now());
        rig.idle();
        assertThat(rx.authenticated).containsExactly("genuine");
        assertThat(rx.session.counter("dropped.bad-mac")).isEqualTo(2);
        assertThat(rx.session.lastDrop()).contains("bad MAC");
    }

    @Test
    void aForgedDisclosedKeyIsRejectedAndTheGenuineOneStillWorks() throws AuthException {
        Rig rig = new Rig(4);
        Rig.Rx rx = rig.receiver(1);
        rig.send("first");
        rig.runUntil(650); // interval 7: discloses K_2
        byte[] sealed = rig.sender.seal("second".getBytes());
        Trailer t = Rig.trailer(sealed);
        assertThat(t.hasKey()).isTrue();
        byte[] forged = sealed.clone();
        forged[t.messageLength() + TrailerCodec.HEADER_BYTES] ^= 0x10; // first byte of the disclosed key
        assertThatThrownBy(() -> rx.session.open(Rig.S1, forged)).isInstanceOf(AuthException.class)
                .hasMessageContaining("bad disclosed key").hasMessageContaining("does not hash");
        assertThat(rx.session.open(Rig.S1, sealed)).isEmpty(); // buffered: K_7 is not disclosed yet
        rig.idle();
        // "second" was opened directly above; once K_7 arrived the network delivery returned it
        assertThat(rx.authenticated).containsExactly("first", "second");
        // a key of an interval whose disclosure time has not come is refused before any hashing
        byte[] early = TrailerCodec.encode(new byte[0], t.chainId(), rig.sender.counters().size() + 1_000, new byte[16], null);
        assertThatThrownBy(() -> rx.session.open(Rig.S1, early)).hasMessageContaining("disclosed too early");
    }

    @Test
    void theSecurityConditionRejectsReplayedAndLateMessages() {
        Rig rig = new Rig(5);
        Rig.Rx rx = rig.receiver(1);
        byte[] first = rig.send("first");
        rig.idle();
        assertThat(rx.authenticated).containsExactly("first");
        // replayed after its key was disclosed
        assertThatThrownBy(() -> rx.session.open(Rig.S1, first)).isInstanceOf(AuthException.class)
                .hasMessageContaining("replayed or late");
        // sealed at t = 10,000 (interval 101, key disclosed from 10,600); held back until 10,400 + skew 200
        rig.runUntil(10_000);
        byte[] late = rig.sender.seal("late".getBytes());
        rig.runUntil(10_399);
        assertThat(rx.session.buffered()).isZero();
        rig.runUntil(10_400);
        assertThatThrownBy(() -> rx.session.open(Rig.S1, late)).isInstanceOf(AuthException.class)
                .hasMessageContaining("security condition");
        rig.idle();
        assertThat(rx.authenticated).containsExactly("first");
    }

    @Test
    void malformedAndTruncatedTrailersAreRejectedWithTheField() {
        Rig rig = new Rig(6);
        Rig.Rx rx = rig.receiver(1);
        byte[] sealed = rig.send("m");
        assertThatThrownBy(() -> rx.session.open(Rig.S1, new byte[0])).isInstanceOf(AuthException.class)
                .hasMessageContaining("malformed TESLA trailer").hasMessageContaining("empty");
        assertThatThrownBy(() -> rx.session.open(Rig.S1, Arrays.copyOf(sealed, sealed.length - 3)))
                .hasMessageContaining("malformed TESLA trailer");
        byte[] shortTrailer = sealed.clone();
        shortTrailer[sealed.length - 1] = 3;
        assertThatThrownBy(() -> rx.session.open(Rig.S1, shortTrailer)).hasMessageContaining("below the 7-byte header");
        byte[] longTrailer = Arrays.copyOfRange(sealed, sealed.length - 10, sealed.length);
        longTrailer[9] = 60;
        assertThatThrownBy(() -> rx.session.open(Rig.S1, longTrailer)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> rx.session.open(TestPolicies.senderId(2), sealed))
                .hasMessageContaining("only key server 's01'");
    }

    @Test
    void aBootstrapWithABadSignatureOrOfAnEndedChainIsRejected() {
        Rig rig = new Rig(7, Map.of("tesla.chainLength", "30"));
        Rig.Rx rx = rig.receiver(1);
        rig.send("m");
        rig.idle();
        byte[] boot = rig.bootstraps().get(0);
        Trailer t = Rig.trailer(boot);
        Rig.Rx fresh = rig.receiver(3);
        assertThat(t.messageLength()).isZero(); // a message of the scheme's own: empty here, an envelope in the GMF
        for (int at : new int[] {TrailerCodec.HEADER_BYTES + 4, TrailerCodec.HEADER_BYTES + 20, 1}) {
            byte[] forged = boot.clone();
            forged[at] ^= 1; // commitment, T0, chain id
            assertThatThrownBy(() -> fresh.session.open(Rig.S1, forged)).isInstanceOf(AuthException.class)
                    .hasMessageContaining("bad Ed25519 signature");
        }
        byte[] boot2 = boot.clone();
        boot2[boot.length - 2] ^= 1; // inside the signature
        assertThatThrownBy(() -> fresh.session.open(Rig.S1, boot2)).hasMessageContaining("bad Ed25519 signature");
        // the same bootstrap replayed after its chain (30 intervals) ran out
        rig.runUntil(10_000);
        assertThatThrownBy(() -> fresh.session.open(Rig.S1, boot)).hasMessageContaining("stale bootstrap");
        assertThat(fresh.session.counter("bootstrap.verified")).isEqualTo(1);
    }

    /** All 10 are in interval 1: a random 4 of them stay (issue 10: oldest-first let a flood evict a rekey). */
    @Test
    void theBufferKeepsARandomSampleOfAnIntervalUpToItsLimit() {
        Rig rig = new Rig(8, Map.of("tesla.bufferLimit", "4"));
        rig.net.delay(5, 0); // arrival order = send order
        Rig.Rx rx = rig.receiver(1);
        List<String> sent = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            sent.add("m" + k);
            rig.send("m" + k);
        }
        rig.idle();
        assertThat(rx.authenticated).hasSize(4).isSubsetOf(sent).isSortedAccordingTo(
                (a, b) -> Integer.compare(sent.indexOf(a), sent.indexOf(b))); // released in arrival order
        assertThat(rx.authenticated).isNotEqualTo(sent.subList(6, 10));
        assertThat(rx.session.counter("dropped.buffer")).isEqualTo(6);
        assertThat(rx.session.lastDrop()).contains("buffer full (4)").contains("interval 1 of chain");
    }

    @Test
    void chainsAreRenewedSeamlesslyWithNewSignedCommitments() {
        Rig rig = new Rig(9, Map.of("tesla.chainLength", "20"));
        Rig.Rx rx = rig.receiver(1);
        List<String> msgs = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            rig.runUntil(k * 250L);
            msgs.add("m" + k);
            rig.send("m" + k);
        }
        // a long silence past the prepared chain: a fresh chain starts at once
        rig.runUntil(30_000);
        msgs.add("after silence");
        rig.send("after silence");
        rig.idle();
        assertThat(rx.authenticated).containsExactlyElementsOf(msgs);
        assertThat(rx.rejected).isEmpty();
        assertThat(rig.sender.chainsCreated()).isGreaterThanOrEqualTo(6);
        assertThat(rig.bootstraps().stream().map(b -> Rig.trailer(b).chainId()).distinct().count())
                .isEqualTo(rig.sender.chainsCreated());
        assertThat(rx.session.counters().keySet()).noneMatch(k -> k.startsWith("dropped"));
    }

    @Test
    void laterDisclosuresAuthenticateEarlierKeysAfterLossByHashingForward() {
        Rig rig = new Rig(10);
        Rig.Rx rx = rig.receiver(1);
        // this receiver gets the first bootstrap and message, then loses everything up to the 30th datagram
        rx.filter = (n, b) -> n < 2 || n >= 30;
        for (int k = 0; k < 40; k++) {
            rig.runUntil(k * 100L);
            rig.send("m" + k);
        }
        rig.idle();
        assertThat(rx.authenticated).contains("m0").doesNotContain("m5");
        assertThat(rx.session.counter("authenticated")).isEqualTo(rx.macDelivered);
        assertThat(rx.rejected).isEmpty();
    }

    @Test
    void underRandomLossEveryDeliveredMessageIsAuthenticated() {
        Rig rig = new Rig(11);
        rig.net.loss(0.3);
        List<Rig.Rx> rxs = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            rxs.add(rig.receiver(n));
        }
        for (int k = 0; k < 60; k++) {
            rig.runUntil(k * 150L);
            rig.send("m" + k);
        }
        rig.idle();
        for (Rig.Rx rx : rxs) {
            assertThat(rx.macDelivered).as(rx.id.toString()).isGreaterThan(20);
            assertThat(rx.session.counter("authenticated")).as(rx.id + " " + rx.session.counters())
                    .isEqualTo(rx.macDelivered);
            assertThat(rx.rejected).as(rx.id.toString()).isEmpty();
            assertThat(rx.session.outOfSync()).isFalse();
        }
    }

    @Test
    void messagesThatArriveBeforeTheBootstrapWaitForIt() {
        Rig rig = new Rig(12);
        Rig.Rx rx = rig.receiver(1);
        rx.filter = (n, b) -> !Rig.trailer(b).hasBootstrap() || n > 10; // loses the first bootstrap
        for (int k = 0; k < 30; k++) {
            rig.runUntil(k * 100L);
            rig.send("m" + k);
        }
        rig.idle();
        assertThat(rx.session.counter("pending")).isPositive();
        assertThat(rx.authenticated).hasSize(30).startsWith("m0");
    }

    @Test
    void aReceiverCannotSealAndParametersAndCredentialsAreChecked() {
        TestPolicies p = new TestPolicies("g", 1, 13);
        TestNetwork net = new TestNetwork(13);
        var r1 = TestPolicies.receiverId(1);
        var rxSession = new TeslaScheme().open(p.receiver(r1, Rig.S1, true), net.runtime(r1));
        assertThatThrownBy(() -> rxSession.seal(new byte[1])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TESLA seals only at the key server").hasMessageContaining("'sig'");
        assertThat(rxSession.overhead()).isEqualTo(34);
        p.param("tesla.delayIntervals", "2");
        assertThatThrownBy(() -> new TeslaScheme().open(p.sender(Rig.S1), net.runtime(Rig.S1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tesla.delayIntervals");
        p.param("tesla.delayIntervals", "3").param("tesla.maxSkewMillis", "100");
        var sp = p.sender(Rig.S1);
        var noKey = sp.forHost(sp.role(), sp.keyServer(), false, new Credentials(new byte[0], Map.of(), Map.of()));
        assertThatThrownBy(() -> new TeslaScheme().open(noKey, net.runtime(Rig.S1))).hasMessageContaining("signingKey");
        var rp = p.receiver(r1, Rig.S1, false);
        var noServerKey = rp.forHost(rp.role(), rp.keyServer(), false, new Credentials(new byte[0], Map.of(), Map.of()));
        assertThatThrownBy(() -> new TeslaScheme().open(noServerKey, net.runtime(r1))).hasMessageContaining("verifyKeys");
        p.param("tesla.macBytes", "2");
        assertThatThrownBy(() -> new TeslaScheme().open(p.sender(Rig.S1), net.runtime(Rig.S1)))
                .hasMessageContaining("tesla.macBytes");
    }
}
