package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.sim.network.LinkModel;
import org.miked.testkit.TestPolicies;

/**
 * Issue 10, findings 2 and 3: an eviction holds at every sender and across restarts and policy edits. The
 * receivers list is shared by the senders (as in docs/policy.md's sample and testkit's TestPolicies), so an
 * evicted receiver could register at another key server, or at its own after that server restarted, and hold
 * every later key. On the old code both attacks succeeded.
 */
class GroupWideRevocationTest {
    static final MemberId S1 = TestPolicies.senderId(1);
    static final MemberId S2 = TestPolicies.senderId(2);

    @Test
    void aReceiverEvictedAtOneKeyServerIsRefusedByAnotherAndGetsNoLaterKey() {
        GmfHarness h = new GmfHarness(2, 41, LinkModel.of(0.3, 20, 10)); // 30% loss: the revocation must still arrive
        h.startSenders();
        List<MemberId> rs = h.startReceivers(4, 0); // r00001 and r00003 at s01
        h.net.runUntil(20_000);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
        MemberId evil = rs.get(0);
        assertThat(h.host(S1).evict(h.group, evil)).isTrue();
        h.net.runUntil(h.net.now() + 25_000);
        long withoutIt = h.status(S1).epoch(); // the epoch that the eviction brought: its key never reached evil
        assertThat(h.status(evil).epoch()).as(h.describe()).isLessThan(withoutIt);
        // it moves to the other key server (a policy of its own making: the receivers list is shared)
        h.host(evil).join(h.policies.receiver(evil, S2, false));
        for (int i = 0; i < 3; i++) {
            h.host(S2).rekey(h.group);
            h.net.runUntil(h.net.now() + 20_000);
        }
        GroupStatus st = h.status(evil);
        String key = h.commonKey(h.withSenders(rs.subList(1, 4)));
        assertThat(key).as(h.describe()).isNotNull();
        assertThat(st.keyFingerprint()).as(h.describe()).isNotEqualTo(key);
        assertThat(st.epoch()).as("no key of an epoch after its eviction: " + h.describe()).isLessThan(withoutIt);
        assertThat(st.reason()).contains("refused by key server s02");
        assertThat(h.host(S2).revoked(h.group)).containsExactly(evil);
        assertThat(h.status(S2).counters().get("revocations.applied")).isPositive();
    }

    @Test
    void anEvictionSurvivesTheKeyServersRestartAndAPolicyEditAndAPardonLiftsIt() {
        GmfHarness h = new GmfHarness(1, 43, LinkModel.of(0, 5, 0));
        List<MemberId> rs = h.startAndRun(3, 0, 5_000);
        MemberId evil = rs.get(2);
        h.host(S1).evict(h.group, evil);
        h.net.runUntil(h.net.now() + 5_000);
        // the key server's daemon restarts (what survives is the host's state store)
        h.hosts.remove(S1).close();
        h.net.runUntil(h.net.now() + 100);
        h.host(S1).join(h.policies.sender(S1));
        h.net.runUntil(h.net.now() + 10_000);
        // and its policy is edited (a new key-server session)
        h.policies.param("lkh.repeat", "3");
        h.host(S1).join(h.policies.sender(S1));
        h.host(evil).join(h.policies.receiver(evil, S1, false)); // the evicted receiver registers afresh
        h.net.runUntil(h.net.now() + 20_000);
        h.host(S1).rekey(h.group);
        h.net.runUntil(h.net.now() + 5_000);
        String key = h.commonKey(h.withSenders(rs.subList(0, 2)));
        assertThat(key).as(h.describe()).isNotNull();
        assertThat(h.status(evil).keyFingerprint()).as(h.describe()).isNotEqualTo(key);
        assertThat(h.host(S1).revoked(h.group)).containsExactly(evil);
        // the operator lifts it: the receiver is admitted again at its next registration
        assertThat(h.host(S1).pardon(h.group, evil)).isTrue();
        assertThat(h.host(S1).revoked(h.group)).isEmpty();
        h.net.runUntil(h.net.now() + 130_000);
        assertThat(h.status(evil).state()).as(h.describe()).isEqualTo(GroupState.KEYED);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
    }

    /**
     * Issue 10, finding 2, second half: a receiver is served only by the key server its policy assigns it.
     * s02 serves r00002 and r00004; r00001 (s01's) registering at s02 gets no answer and no key from it.
     */
    @Test
    void aKeyServerServesOnlyTheReceiversItsPolicyAssignsIt() {
        GmfHarness h = new GmfHarness(2, 47, LinkModel.of(0, 5, 0));
        List<MemberId> rs = List.of(TestPolicies.receiverId(1), TestPolicies.receiverId(2), TestPolicies.receiverId(3),
                TestPolicies.receiverId(4));
        for (int i = 0; i < 4; i++) {
            h.host(rs.get(i)).join(h.policies.receiver(rs.get(i), i % 2 == 0 ? S1 : S2, false));
        }
        // the senders' policies after the receivers' keys exist (as GmfHarness does), each serving its own two
        h.host(S1).join(h.policies.sender(S1).withServedReceivers(java.util.Set.of(rs.get(0), rs.get(2))));
        h.host(S2).join(h.policies.sender(S2).withServedReceivers(java.util.Set.of(rs.get(1), rs.get(3))));
        h.net.runUntil(10_000);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
        MemberId stray = rs.get(0);
        h.host(stray).join(h.policies.receiver(stray, S2, false)); // its own choice of key server
        h.net.runUntil(h.net.now() + 5_000);
        long before = h.status(stray).epoch();
        h.host(S2).rekey(h.group);
        h.net.runUntil(h.net.now() + 10_000);
        assertThat(h.status(stray).state()).as(h.describe()).isEqualTo(GroupState.REGISTERING);
        assertThat(h.status(stray).epoch()).isEqualTo(before);
        assertThat(h.status(S2).counters().get("ignored.not-served")).isPositive();
        assertThat(h.host(S2).members(h.group)).doesNotContain(stray);
    }
}
