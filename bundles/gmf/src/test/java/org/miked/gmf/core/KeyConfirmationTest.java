package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.gmf.GroupState;
import org.miked.auth.sig.internal.SigScheme;
import org.miked.bd.internal.BdProtocol;
import org.miked.lkh.internal.LkhProtocol;
import org.miked.sim.network.LinkModel;
import org.miked.sink.memory.internal.MemorySinkFactory;
import org.miked.testkit.TestPolicies;

/** Issue 10, finding 8: key confirmation among the senders of a run. */
class KeyConfirmationTest {
    private static final List<MemberId> S = List.of(TestPolicies.senderId(1), TestPolicies.senderId(2),
            TestPolicies.senderId(3), TestPolicies.senderId(4), TestPolicies.senderId(5));

    /** Puts an insider running {@code protocol} at {@code who} (before the harness creates that host). */
    private static Equivocator insider(GmfHarness h, MemberId who, Equivocator protocol) {
        MapRegistry own = new MapRegistry().add(new SigScheme()).add(protocol).add(new LkhProtocol())
                .add(new MemorySinkFactory());
        h.hosts.put(who, new HostGmf(h.net, who, own, h.log::add));
        return protocol;
    }

    private static Map<MemberId, String> keys(GmfHarness h) {
        Map<MemberId, String> out = new LinkedHashMap<>();
        for (MemberId m : S) {
            var st = h.status(m);
            out.put(m, st.state() + " " + st.keyFingerprint());
        }
        return out;
    }

    /**
     * The attack: s03 sends its real round-2 value X to s01 and s02 and X * g (a valid P-256 point) to s04
     * and s05. Each member sees one value from s03 only, so the protocol's conflict check cannot fire.
     */
    @Test
    void aSenderWhoSplitsTheGroupKeyInBdRoundTwoGoesUnnoticed() {
        GmfHarness h = new GmfHarness(5, 21, LinkModel.of(0, 5, 5));
        Equivocator evil = insider(h, S.get(2), new Equivocator(new BdProtocol(), Set.of(S.get(3), S.get(4)),
                run -> true, Equivocator::otherRoundTwoValue));
        h.startSenders();
        h.net.runUntil(10_000);
        Map<MemberId, String> keys = keys(h);
        assertThat(evil.rewritten).as("the insider rewrote round-2 messages").isPositive();
        // every sender is KEYED, nobody failed, yet the victims hold other keys than s01, s02 and s03
        assertThat(keys.values()).as(h.describe()).allMatch(k -> k.startsWith(GroupState.KEYED.name()));
        assertThat(keys.get(S.get(0))).isEqualTo(keys.get(S.get(1))).isEqualTo(keys.get(S.get(2)));
        assertThat(keys.get(S.get(3))).isNotEqualTo(keys.get(S.get(0)));
        assertThat(keys.get(S.get(4))).isNotEqualTo(keys.get(S.get(0))).isNotEqualTo(keys.get(S.get(3)));
        assertThat(h.status(S.get(0)).counters()).doesNotContainKey("agreement.failed");
    }
}
