package org.miked.auth.tesla.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.miked.auth.tesla.wire.Bootstrap;
import org.miked.auth.tesla.wire.Trailer;
import org.miked.auth.tesla.wire.TrailerCodec;

/**
 * Issue 10, findings 5 to 7 of the security review: each test is the attack, written before the fix and
 * seen to succeed on the code before it (see docs/auth-tesla.md, "Issue 10").
 */
class Issue10Test {
    // defaults: T = 100 ms, d = 5, L = 3,600, 10-byte MACs, skew 200 ms, buffer 256; the first chain has T0 = -100

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** 30 bytes: a 12-byte "envelope", the 7-byte header, a 10-byte MAC and the trailer length. */
    private static byte[] forgedMac(Random r, int chainId, long interval) {
        return TrailerCodec.encode(bytes(r, 12), chainId, interval, null, bytes(r, 10));
    }

    // ---- finding 5: the buffer can be filled by anyone ----

    @Test
    void aFloodOfForgedChainsDoesNotPushOutAGenuineRekey() {
        Rig rig = new Rig(51);
        Rig.Rx rx = rig.receiver(1);
        int genuine = Rig.trailer(rig.send("rekey")).chainId();
        rig.runUntil(50); // bootstrap and rekey are in; the rekey waits for K_1 (disclosed from 500 ms)
        assertThat(rx.session.buffered()).isEqualTo(1);
        Random attacker = new Random(51);
        for (int k = 0; k < 1_000; k++) {
            int chain = attacker.nextInt(1 << 16);
            if (chain != genuine) {
                byte[] forged = forgedMac(attacker, chain, 1 + attacker.nextInt(3_600));
                assertThat(forged).hasSize(30);
                rx.deliver(Rig.S1, forged, rig.now());
            }
        }
        rig.idle();
        assertThat(rx.authenticated).containsExactly("rekey");
    }

    @Test
    void aFloodOnTheGenuineChainInLaterIntervalsDoesNotPushOutARekey() {
        Rig rig = new Rig(52);
        Rig.Rx rx = rig.receiver(1);
        int chain = Rig.trailer(rig.send("rekey")).chainId(); // interval 1
        Random attacker = new Random(52);
        // an insider copies the chain id and floods intervals 2 and 3 while they pass the security condition
        rig.runUntil(150);
        for (int k = 0; k < 300; k++) {
            rx.deliver(Rig.S1, forgedMac(attacker, chain, 2), rig.now());
        }
        rig.runUntil(250);
        for (int k = 0; k < 300; k++) {
            rx.deliver(Rig.S1, forgedMac(attacker, chain, 3), rig.now());
        }
        assertThat(rx.rejected).isEmpty(); // all 600 were plausible when they arrived
        rig.idle();
        assertThat(rx.authenticated).containsExactly("rekey");
    }

    /**
     * Forgeries in the rekey's own interval cannot be told from it until its key comes: the buffer keeps a
     * random sample of that interval, so 511 forgeries for 256 slots leave the rekey about an even chance
     * (oldest-first eviction left it none).
     */
    @Test
    void aFloodInTheRekeysOwnIntervalLeavesTheRekeyItsShareOfTheBuffer() {
        int runs = 40;
        int survived = 0;
        for (int seed = 0; seed < runs; seed++) {
            Rig rig = new Rig(1_000 + seed);
            Rig.Rx rx = rig.receiver(1);
            int chain = Rig.trailer(rig.send("rekey")).chainId();
            rig.runUntil(50);
            Random attacker = new Random(seed);
            for (int k = 0; k < 511; k++) {
                rx.deliver(Rig.S1, forgedMac(attacker, chain, 1), rig.now());
            }
            rig.idle();
            assertThat(rx.authenticated).isSubsetOf("rekey");
            survived += rx.authenticated.size();
        }
        // binomial(40, 1/2): 8..32 holds with probability > 0.9999
        assertThat(survived).isBetween(8, 32);
    }

    // ---- finding 6: a forged key costs up to L hash steps ----

    @Test
    void aForgedKeyAfterASilenceCostsAtMostTheHashBudget() {
        int budget = 64; // the default tesla.maxHashSteps
        assertThat(TeslaParams.DEFAULT_MAX_HASH_STEPS).isEqualTo(budget);
        Rig rig = new Rig(61);
        Rig.Rx rx = rig.receiver(1);
        rig.send("m");
        rig.idle(); // authenticated; K_5 is the newest key the receiver holds
        assertThat(rx.authenticated).containsExactly("m");
        byte[] genuineBoot = rig.bootstraps().get(0);
        Trailer bt = Rig.trailer(genuineBoot);
        Bootstrap b = bt.bootstrap();
        rig.runUntil(350_000); // the key server stayed silent for almost a whole chain (interval 3,501)
        // the newest key that is not "too early": T0 + (j + d) T <= now + skew, j = 3,498
        long newest = (rig.now() + 200 - b.startMillis()) / b.intervalMillis() - b.delayIntervals();
        assertThat(newest).isEqualTo(3_498);
        Random attacker = new Random(61);
        List<byte[]> forgeries = new ArrayList<>();
        for (long j : new long[] {6, 5 + budget, 6 + budget, 1_000, newest}) {
            forgeries.add(TrailerCodec.encode(new byte[0], bt.chainId(), j + 5, bytes(attacker, 16), null));
            forgeries.add(TrailerCodec.encode("rekey evil".getBytes(), bt.chainId(), j + 5, bytes(attacker, 16),
                    bytes(attacker, 10)));
            // a bootstrap of the known schedule with a forged commitment and signature
            Bootstrap f = new Bootstrap(j, bytes(attacker, 16), b.startMillis(), b.intervalMillis(), b.delayIntervals(),
                    b.chainLength(), b.macBytes(), bytes(attacker, 64));
            forgeries.add(TrailerCodec.encodeBootstrap(new byte[0], bt.chainId(), j, f));
        }
        List<Long> steps = new ArrayList<>();
        for (byte[] forged : forgeries) {
            long before = rx.session.hashSteps();
            rx.deliver(Rig.S1, forged, rig.now());
            steps.add(rx.session.hashSteps() - before);
        }
        // 1, 64, then 0 for keys too far to hash: before issue 10 these cost up to 3,493 steps each
        assertThat(steps).as("hash steps per forged datagram").allMatch(s -> s <= budget)
                .containsExactly(1L, 1L, 1L, 64L, 64L, 64L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
        assertThat(rx.rejected).filteredOn(r -> r.contains("not checked")).hasSize(3);
        assertThat(rx.rejected).filteredOn(r -> r.contains("bad Ed25519 signature")).hasSize(3);
        // the key server speaks again: its message and bootstrap still authenticate
        rig.send("after silence");
        rig.idle();
        assertThat(rx.authenticated).containsExactly("m", "after silence");
    }

    // ---- finding 7: clock skew ----

    @Test
    void aLaggingReceiverAcceptsNoForgedRekeyMadeWithADisclosedKey() {
        Rig rig = new Rig(71);
        rig.net.delay(5, 0);
        Rig.Rx rx = rig.receiver(1, 1_000); // its clock is 1,000 ms behind, the bound is 200 ms
        byte[] disclosure = null;
        byte[] forged = null;
        for (int k = 0; k < 20; k++) {
            rig.runUntil(k * 100L);
            byte[] sealed = rig.send("rekey " + k);
            if (k == 10) {
                // another host hears K_6 disclosed at 1,000 ms and forges a rekey of interval 6 with it
                Trailer t = Rig.trailer(sealed);
                assertThat(t.interval() - 5).isEqualTo(6);
                TeslaCrypto c = new TeslaCrypto();
                byte[] msg = "rekey evil".getBytes();
                byte[] mac = c.mac(c.fPrime(t.key()), t.chainId(), 6, msg, msg.length, 10);
                forged = TrailerCodec.encode(msg, t.chainId(), 6, null, mac);
                disclosure = TrailerCodec.encode(new byte[0], t.chainId(), 11, t.key(), null);
            }
            if (k == 15) {
                // at 1,500 ms the lagging clock reads 500: interval 6 has begun, its key "is still secret"
                int before = rx.rejected.size();
                rx.deliver(Rig.S1, forged, rig.now());
                assertThat(rx.rejected).hasSize(before + 1);
                assertThat(rx.rejected.get(before)).startsWith("out of sync");
            }
        }
        // later, when the lagging clock no longer finds K_6 early, the attacker hands it the disclosed key
        rig.runUntil(2_500);
        rx.deliver(Rig.S1, disclosure, rig.now());
        rig.idle();
        assertThat(rx.authenticated).doesNotContain("rekey evil");
        // it found out from the first genuine key, K_1 at 500 ms (its clock: -495): 995 ms, a lower bound of 1,000
        assertThat(rx.session.outOfSync()).isTrue();
        assertThat(rx.session.clockOffsetMillis()).isEqualTo(995);
        assertThat(rx.session.counter("out-of-sync")).isEqualTo(1);
        assertThat(rx.session.counter("rejected.out-of-sync")).isPositive();
        assertThat(rx.log).singleElement().asString().contains("out of sync").contains("at least 995 ms ahead")
                .contains("K_1 of chain").contains("tesla.maxSkewMillis (200 ms)");
        assertThat(rx.authenticated).isEmpty(); // it refuses what it cannot judge, and says so
    }

    @Test
    void aLaggingReceiverThatHearsOnlyBootstrapsDetectsItFromTheirCommitments() {
        Rig rig = new Rig(72);
        rig.net.delay(5, 0);
        Rig.Rx rx = rig.receiver(1, 1_000);
        rx.filter = (n, b) -> Rig.trailer(b).hasBootstrap();
        Rig.Rx late = null;
        for (int k = 0; k < 30; k++) {
            rig.runUntil(k * 100L);
            if (k == 15) {
                late = rig.receiver(2, 1_000);
                late.filter = rx.filter;
            }
            rig.send("rekey " + k);
        }
        rig.idle();
        // one that joins at 1,500 ms first hears the bootstrap of 2,000 ms, signed and committing to K_16
        assertThat(late.session.outOfSync()).isTrue();
        assertThat(late.log).singleElement().asString().contains("out of sync").contains("the signed bootstrap");
        // the first bootstrap (signed) commits to K_0: no evidence. The one sent at 1,000 ms commits to K_6, which
        // the key server may disclose only from 1,000 ms on; it hashes to K_0 and arrives when this clock reads 5
        assertThat(rx.session.counter("bootstrap.verified")).isEqualTo(1);
        assertThat(rx.session.counter("bootstrap.hashed")).isPositive();
        assertThat(rx.session.outOfSync()).isTrue();
        assertThat(rx.session.clockOffsetMillis()).isEqualTo(995);
        assertThat(rx.log).singleElement().asString().contains("out of sync").contains("K_6 of chain");
    }

    @Test
    void aReceiverLaggingWithinTheBoundStaysInSyncAndAuthenticatesEverything() {
        Rig rig = new Rig(73);
        Rig.Rx rx = rig.receiver(1, 150);
        List<String> sent = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            rig.runUntil(k * 100L);
            sent.add("rekey " + k);
            rig.send("rekey " + k);
        }
        rig.idle();
        assertThat(rx.authenticated).containsExactlyElementsOf(sent);
        assertThat(rx.session.outOfSync()).isFalse();
        assertThat(rx.session.clockOffsetMillis()).isBetween(100L, 150L); // 150 minus the 5..10 ms delay and less
        assertThat(rx.log).isEmpty();
    }
}

