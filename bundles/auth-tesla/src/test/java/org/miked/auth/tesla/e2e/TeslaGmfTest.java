package org.miked.auth.tesla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.auth.AuthScheme;
import org.miked.api.auth.AuthSession;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.runtime.HostRuntime;
import org.miked.auth.sig.internal.SigScheme;
import org.miked.auth.tesla.core.TeslaReceiver;
import org.miked.auth.tesla.core.TeslaSender;
import org.miked.auth.tesla.internal.TeslaScheme;
import org.miked.bd.internal.BdProtocol;
import org.miked.gmf.core.HostGmf;
import org.miked.gmf.core.MapRegistry;
import org.miked.lkh.internal.LkhProtocol;
import org.miked.sim.network.LinkModel;
import org.miked.sim.network.SimNetwork;
import org.miked.sink.memory.internal.MemorySinkFactory;
import org.miked.testkit.TestPolicies;

/**
 * The real GMF with LKH on the simulated network, the key server's multicast authenticated with TESLA
 * ({@code rekeyAuth = tesla}) and everything else with signatures: one key server, 50 receivers of which
 * 10 in EMCON, 10% loss on every copy.
 */
class TeslaGmfTest {
    private static final GroupId G = GroupId.of("g");
    private static final MemberId S1 = TestPolicies.senderId(1);

    /** The tesla scheme, keeping the sessions the GMFs open so the test can read their counters. */
    private static final class Recording implements AuthScheme {
        final List<AuthSession> sessions = new ArrayList<>();
        private final TeslaScheme inner = new TeslaScheme();

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public AuthSession open(GroupPolicy policy, HostRuntime host) {
            return open(policy, host, b -> { });
        }

        @Override
        public AuthSession open(GroupPolicy policy, HostRuntime host, Consumer<byte[]> emit) {
            AuthSession s = inner.open(policy, host, emit);
            sessions.add(s);
            return s;
        }
    }

    /** @return the policy with TESLA for the key server's multicast ({@code TestPolicies} builds "sig"/"sig") */
    static GroupPolicy withTesla(GroupPolicy p) {
        return new GroupPolicy(p.group(), p.role(), p.dataAddress(), p.dataPort(), p.controlAddress(), p.controlPort(),
                p.rekeyAddresses(), p.senders(), p.keyServer(), p.agreement(), p.distribution(), p.auth(), TeslaScheme.NAME, p.saSink(),
                p.params(), p.suite(), p.softLifetimeS(), p.hardLifetimeS(), p.rekeyBatchMillis(),
                p.agreementIntervalS(), p.emcon(), p.excluded(), p.credentials());
    }

    @Test
    void fiftyReceiversTenInEmconGetEveryKeyOverTeslaUnderTenPercentLoss() {
        Recording tesla = new Recording();
        MapRegistry registry = new MapRegistry().add(new SigScheme()).add(tesla).add(new BdProtocol())
                .add(new LkhProtocol()).add(new MemorySinkFactory());
        SimNetwork net = new SimNetwork(21, LinkModel.of(0.1, 10, 10));
        TestPolicies policies = new TestPolicies("g", 1, 21);
        Map<MemberId, HostGmf> hosts = new LinkedHashMap<>();
        List<String> log = new ArrayList<>();
        HostGmf server = new HostGmf(net, S1, registry, log::add);
        hosts.put(S1, server);
        server.join(withTesla(policies.sender(S1)));
        List<MemberId> receivers = new ArrayList<>();
        List<MemberId> emcon = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            MemberId r = TestPolicies.receiverId(i);
            boolean em = i % 5 == 0;
            if (em) {
                policies.individualKey(r);
                emcon.add(r);
            }
            receivers.add(r);
            HostGmf h = new HostGmf(net, r, registry, log::add);
            hosts.put(r, h);
            h.join(withTesla(policies.receiver(r, S1, em)));
        }
        server.join(withTesla(policies.sender(S1))); // now with the EMCON receivers' individual keys

        net.runUntil(30_000);
        String first = commonKey(hosts);
        assertThat(first).as(describe(hosts)).isNotNull();
        assertThat(server.status(G).orElseThrow().receivers()).isEqualTo(50);

        // a receiver leaves: the rekey that excludes it also goes out under TESLA
        MemberId leaving = receivers.get(0);
        hosts.remove(leaving).leave(G);
        net.runUntil(60_000);
        String second = commonKey(hosts);
        assertThat(second).as(describe(hosts)).isNotNull().isNotEqualTo(first);
        assertThat(net.stats().emconPacketsSent()).isZero();

        // what TESLA did: the key server sealed, bootstrapped, disclosed; receivers authenticated by MAC
        TeslaSender sender = tesla.sessions.stream().filter(TeslaSender.class::isInstance).map(TeslaSender.class::cast)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(sender.counters().get("sealed")).isPositive();
        assertThat(sender.counters().get("bootstraps")).isPositive();
        List<TeslaReceiver> rx = tesla.sessions.stream().filter(TeslaReceiver.class::isInstance)
                .map(TeslaReceiver.class::cast).toList();
        assertThat(rx).hasSize(50);
        long authenticated = 0;
        for (TeslaReceiver r : rx) {
            assertThat(r.counter("authenticated")).as(r.counters().toString()).isPositive();
            assertThat(r.counter("dropped.bad-mac")).isZero();
            assertThat(r.outOfSync()).as("shared clock: never out of sync").isFalse(); // issue 10, finding 7
            assertThat(r.counter("dropped.buffer") + r.counter("keys.unchecked")).isZero();
            authenticated += r.counter("authenticated");
        }
        // at most a few signature verifications per receiver: later bootstraps of a known chain are hashed
        long verified = rx.stream().mapToLong(r -> r.counter("bootstrap.verified")).sum();
        assertThat(verified).isLessThanOrEqualTo(rx.size() * 3L);
        for (MemberId r : hosts.keySet()) {
            GroupStatus st = hosts.get(r).status(G).orElseThrow();
            assertThat(st.counters().getOrDefault("rejected.auth", 0L)).as(r + " " + st.counters()).isZero();
        }
        System.out.printf("tesla e2e: %d messages sealed, %d bootstraps, %d key disclosures; receivers authenticated "
                + "%d, verified %d bootstrap signatures (%d hashed)%n", sender.counters().get("sealed"),
                sender.counters().get("bootstraps"), sender.counters().getOrDefault("disclosures", 0L), authenticated,
                verified, rx.stream().mapToLong(r -> r.counter("bootstrap.hashed")).sum());
    }

    private static String commonKey(Map<MemberId, HostGmf> hosts) {
        String fp = null;
        for (HostGmf h : hosts.values()) {
            GroupStatus st = h.status(G).orElseThrow();
            if (st.state() != GroupState.KEYED || (fp != null && !fp.equals(st.keyFingerprint()))) {
                return null;
            }
            fp = st.keyFingerprint();
        }
        return fp;
    }

    private static String describe(Map<MemberId, HostGmf> hosts) {
        StringBuilder sb = new StringBuilder();
        hosts.forEach((k, v) -> v.status(G).ifPresent(st -> sb.append(k).append(' ').append(st.state()).append(" e")
                .append(st.epoch()).append(' ').append(st.keyFingerprint()).append(' ').append(st.reason()).append(' ')
                .append(st.counters()).append('\n')));
        return sb.toString();
    }
}
