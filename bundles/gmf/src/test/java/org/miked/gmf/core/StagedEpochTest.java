package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.api.sa.SaSink;
import org.miked.api.sa.SaSinkFactory;
import org.miked.sim.network.LinkModel;
import org.miked.sink.memory.internal.MemorySinkFactory;
import org.miked.testkit.TestPolicies;

/** Stage, then commit: a group is KEYED only once the SA sink took every MSA of the epoch. */
class StagedEpochTest {
    private static final MemberId S1 = TestPolicies.senderId(1);
    private static final MemberId S3 = TestPolicies.senderId(3);

    /** The memory sink, which refuses the MSAs a predicate names and reports a chosen capability set. */
    static final class ChoosySinkFactory implements SaSinkFactory {
        private final MemorySinkFactory inner = new MemorySinkFactory();
        volatile Predicate<Msa> refuse = m -> false;
        volatile Set<SaCapability> capabilities = EnumSet.allOf(SaCapability.class);

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public SaSink open(HostRuntime host, SaEventListener listener) throws SaException {
            SaSink sink = inner.open(host, listener);
            return new SaSink() {
                @Override
                public Set<SaCapability> capabilities() {
                    return capabilities;
                }

                @Override
                public void install(Msa msa) throws SaException {
                    if (host.self().equals(S1) && refuse.test(msa)) {
                        throw new SaException(msa.id() + ": refused by the test sink");
                    }
                    sink.install(msa);
                }

                @Override
                public void delete(SaId id) throws SaException {
                    sink.delete(id);
                }

                @Override
                public List<Msa> list() {
                    return sink.list();
                }

                @Override
                public void close() {
                    sink.close();
                }
            };
        }
    }

    @Test
    void aRefusedEpochLeavesTheGroupSaRefusedWithNothingOfItInstalledAndTheNextEpochCommits() {
        ChoosySinkFactory sinks = new ChoosySinkFactory();
        GmfHarness h = new GmfHarness(3, 21, LinkModel.of(0, 5, 5));
        h.registry.add(sinks);
        List<MemberId> rs = h.startAndRun(9, 0, 15_000);
        List<MemberId> all = h.withSenders(rs);
        assertThat(h.commonKey(all)).as(h.describe()).isNotNull();

        // the sink at s01 takes the MSAs of s01 and s02 but refuses s03's: none of the epoch may stay
        sinks.refuse = m -> m.sender().equals(S3);
        assertThat(h.host(S1).rekey(h.group)).isTrue();
        h.net.runUntil(20_000);
        GroupStatus refused = h.status(S1);
        assertThat(refused.state()).as(h.describe()).isEqualTo(GroupState.SA_REFUSED);
        assertThat(refused.reason()).contains("refused by the test sink").contains(S3.id());
        long epoch = refused.epoch();
        assertThat(h.host(S1).msas(h.group).stream().filter(m -> m.epoch() == epoch)).isEmpty();
        assertThat(refused.counters()).containsKey("sa.install-failed");
        // s01 still holds the key and serves its receivers: they and the other senders are KEYED with it
        List<MemberId> others = new ArrayList<>(all);
        others.remove(S1);
        assertThat(h.commonKey(others)).as(h.describe()).isEqualTo(refused.keyFingerprint());

        // the sink takes MSAs again: the next epoch commits, and the group is KEYED
        sinks.refuse = m -> false;
        assertThat(h.host(S1).rekey(h.group)).isTrue();
        // s01's own outbound MSA of the epoch goes in at the switch, an activation delay later (issue 12)
        h.net.runUntil(25_000 + org.miked.api.policy.KeyTiming.DEFAULT.activationDelayMillis());
        GroupStatus keyed = h.status(S1);
        assertThat(keyed.state()).as(h.describe()).isEqualTo(GroupState.KEYED);
        assertThat(keyed.reason()).isEmpty();
        assertThat(h.host(S1).msas(h.group).stream().filter(m -> m.epoch() == keyed.epoch())).hasSize(3);
        assertThat(h.commonKey(all)).as(h.describe()).isNotNull();
    }

    @Test
    void aSinkWithoutTheAddressFamilyOfTheGroupKeepsItWaitingAndSaysWhatIsMissing() {
        ChoosySinkFactory sinks = new ChoosySinkFactory();
        sinks.capabilities = EnumSet.of(SaCapability.ESP, SaCapability.IPV4);
        GmfHarness h = new GmfHarness(1, 4, LinkModel.of(0, 5, 5));
        h.registry.add(sinks);
        h.startSenders();
        h.net.runUntil(5_000);
        GroupStatus st = h.status(S1);
        // the test policies' data address is IPv6 (ff3e::4d:1)
        assertThat(st.state()).isEqualTo(GroupState.WAITING_FOR_PROTOCOL);
        assertThat(st.reason()).contains("SA sink 'memory'").contains("IPV6");
        assertThat(h.host(S1).msas(h.group)).isEmpty();
    }
}
