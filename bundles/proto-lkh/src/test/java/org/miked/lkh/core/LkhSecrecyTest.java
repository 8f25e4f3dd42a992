package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.common.crypto.Hex;
import org.miked.common.crypto.KeyWrap;
import org.miked.common.wire.DecodeException;
import org.miked.lkh.wire.LkhCodec;
import org.miked.lkh.wire.WrapEntry;
import org.miked.testkit.TestPolicies;

/**
 * Forward secrecy (a departed receiver can open no later wrap) and backward secrecy (a joiner can open
 * no earlier wrap), checked exhaustively: every key a receiver ever held against every wrap multicast in
 * the period it must not read.
 */
class LkhSecrecyTest {
    private final Harness h = new Harness(21, 340, i -> i % 10 == 0, Map.of("lkh.degree", "3"));
    /** Every key each receiver ever held, by receiver. */
    private final Map<MemberId, Map<String, byte[]>> history = new HashMap<>();

    private void snapshot() {
        h.clients.forEach((r, c) -> history.computeIfAbsent(r, k -> new HashMap<>()).putAll(c.heldKeys()));
    }

    private void round(long ms) {
        h.rekey();
        for (long t = 0; t < ms; t += 100) {
            h.run(100);
            snapshot();
        }
    }

    /** @return distinct wraps of the multicasts in [from, to) */
    private List<byte[]> wraps(int from, int to) throws DecodeException {
        Map<String, byte[]> out = new HashMap<>();
        for (byte[] b : h.multicasts.subList(from, to)) {
            int t = LkhCodec.type(b);
            if (t == LkhCodec.REKEY || t == LkhCodec.REPAIR) {
                for (WrapEntry e : LkhCodec.decodeKeyMessage(b).entries()) {
                    out.put(Hex.encode(e.wrapped()), e.wrapped());
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** @return how many (key, wrap) pairs were tried; fails if any opens */
    private long assertNoneOpens(Set<MemberId> who, List<byte[]> wraps) {
        long tried = 0;
        for (MemberId r : who) {
            for (var k : history.get(r).entrySet()) {
                for (byte[] w : wraps) {
                    tried++;
                    try {
                        KeyWrap.unwrap(k.getValue(), w);
                        throw new AssertionError(r + "'s key " + k.getKey() + " opens a wrap it must not");
                    } catch (InvalidCipherTextException expected) {
                        // the only acceptable outcome
                    }
                }
            }
        }
        return tried;
    }

    @Test
    void departedReceiversCannotOpenLaterWrapsAndJoinersCannotOpenEarlierOnes() throws DecodeException {
        h.startAll(1, 300);
        h.run(50);
        round(3_000);
        assertThat(h.lagging()).isEmpty();

        // batch 1: 12 leave (8 by message, 2 EMCON and 2 normal evicted), 20 join
        Set<MemberId> departed = new LinkedHashSet<>();
        for (int i = 1; i <= 8; i++) {
            MemberId r = TestPolicies.receiverId(i * 31);
            departed.add(r);
            h.leave(r);
        }
        for (int i : new int[] {50, 250, 77, 78}) {
            MemberId r = TestPolicies.receiverId(i);
            departed.add(r);
            h.server.evict(r);
        }
        h.startAll(301, 320);
        h.run(100);
        int joinMark = h.multicasts.size();
        round(3_000);
        // evicted receivers keep listening (they do not know); they are not members any more
        for (int i : new int[] {50, 250, 77, 78}) {
            h.clients.remove(TestPolicies.receiverId(i));
        }
        assertThat(h.lagging()).isEmpty();
        Set<MemberId> expected = new java.util.TreeSet<>(h.clients.keySet());
        expected.addAll(List.of(TestPolicies.receiverId(330), TestPolicies.receiverId(340))); // EMCON: provisioned
        assertThat(h.server.members()).doesNotContainAnyElementsOf(departed).isEqualTo(expected);

        // batch 2: 10 more leave, 20 more join
        Set<MemberId> departed2 = new LinkedHashSet<>();
        for (int i = 1; i <= 10; i++) {
            MemberId r = TestPolicies.receiverId(i * 29 + 1);
            if (!departed.contains(r) && h.clients.containsKey(r)) {
                departed2.add(r);
                if (h.emcon.contains(r)) { // EMCON never sends a leave: the operator evicts it, it keeps listening
                    h.server.evict(r);
                    h.clients.remove(r);
                } else {
                    h.leave(r);
                }
            }
        }
        h.startAll(321, 340);
        h.run(100);
        int mark2 = h.multicasts.size();
        round(3_000);
        assertThat(h.lagging()).isEmpty();

        // forward secrecy: everything sent from the departure's rekey on is closed to the departed
        long tried = assertNoneOpens(departed, wraps(joinMark, h.multicasts.size()));
        tried += assertNoneOpens(departed2, wraps(mark2, h.multicasts.size()));
        for (MemberId r : departed) {
            var last = h.ctxs.get(r).lastKey();
            assertThat(last == null || last.epoch() < 2).as(r + " got a later epoch").isTrue();
        }
        // an evicted receiver that noticed (repair answered "unknown") and registered again is refused
        assertThat(h.ctxs.get(TestPolicies.receiverId(77)).refusals).singleElement().asString().contains("evicted");
        // backward secrecy: joiners of batch 1 cannot open anything sent before they joined
        Set<MemberId> joiners = new LinkedHashSet<>();
        for (int i = 301; i <= 320; i++) {
            if (!h.emcon.contains(TestPolicies.receiverId(i))) { // EMCON receivers are members from the start
                joiners.add(TestPolicies.receiverId(i));
            }
        }
        tried += assertNoneOpens(joiners, wraps(0, joinMark));
        Set<MemberId> joiners2 = new LinkedHashSet<>();
        for (int i = 321; i <= 340; i++) {
            if (!h.emcon.contains(TestPolicies.receiverId(i))) {
                joiners2.add(TestPolicies.receiverId(i));
            }
        }
        tried += assertNoneOpens(joiners2, wraps(0, mark2));
        assertThat(tried).isGreaterThan(10_000);
        // and the exercise is not vacuous: the remaining members do open the later wraps
        MemberId stayer = TestPolicies.receiverId(2);
        int opened = 0;
        for (byte[] w : wraps(mark2, h.multicasts.size())) {
            for (byte[] k : history.get(stayer).values()) {
                try {
                    KeyWrap.unwrap(k, w);
                    opened++;
                } catch (InvalidCipherTextException e) {
                    // not its wrap
                }
            }
        }
        assertThat(opened).isPositive();
    }
}
