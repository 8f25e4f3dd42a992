package org.miked.gmf.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.auth.sig.internal.SigScheme;
import org.miked.bd.internal.BdProtocol;
import org.miked.lkh.internal.LkhProtocol;
import org.miked.sim.network.LinkModel;
import org.miked.sim.network.SimNetwork;
import org.miked.sink.memory.internal.MemorySinkFactory;
import org.miked.testkit.TestPolicies;

/** GMFs of one test group on a simulated network, with the real protocols in a fixed registry. */
final class GmfHarness {
    final MapRegistry registry = new MapRegistry().add(new SigScheme()).add(new BdProtocol()).add(new LkhProtocol())
            .add(new MemorySinkFactory());
    final SimNetwork net;
    final TestPolicies policies;
    final Map<MemberId, HostGmf> hosts = new LinkedHashMap<>();
    final List<String> log = new ArrayList<>();
    final GroupId group;

    GmfHarness(int senders, long seed, LinkModel links) {
        this.net = new SimNetwork(seed, links);
        this.policies = new TestPolicies("g", senders, seed);
        this.group = GroupId.of("g");
    }

    HostGmf host(MemberId id) {
        return hosts.computeIfAbsent(id, k -> new HostGmf(net, k, registry, log::add));
    }

    void startSenders() {
        for (MemberId s : policies.senders()) {
            host(s).join(policies.sender(s));
        }
    }

    /** Joins receivers r00001..rN round-robin over the senders; every emconEvery-th one in EMCON. */
    List<MemberId> startReceivers(int n, int emconEvery) {
        List<MemberId> out = new ArrayList<>();
        List<MemberId> senders = policies.senders();
        for (int i = 1; i <= n; i++) {
            MemberId r = TestPolicies.receiverId(i);
            boolean emcon = emconEvery > 0 && i % emconEvery == 0;
            MemberId server = senders.get((i - 1) % senders.size());
            if (emcon) {
                policies.individualKey(r);
            }
            out.add(r);
            host(r).join(policies.receiver(r, server, emcon));
        }
        // senders must know the EMCON receivers' individual keys: re-apply their policies
        for (MemberId s : senders) {
            host(s).join(policies.sender(s));
        }
        return out;
    }

    /** Starts the senders and n receivers (see {@link #startReceivers}) and runs the network until untilMs. */
    List<MemberId> startAndRun(int n, int emconEvery, long untilMs) {
        startSenders();
        List<MemberId> rs = startReceivers(n, emconEvery);
        net.runUntil(untilMs);
        return rs;
    }

    /** @return the receivers followed by every sender of the group */
    List<MemberId> withSenders(List<MemberId> receivers) {
        List<MemberId> all = new ArrayList<>(receivers);
        all.addAll(policies.senders());
        return all;
    }

    GroupStatus status(MemberId m) {
        return host(m).status(group).orElseThrow();
    }

    /** @return the fingerprint every listed host holds, or null if they differ or one is not keyed */
    String commonKey(Iterable<MemberId> members) {
        String fp = null;
        for (MemberId m : members) {
            GroupStatus st = status(m);
            if (st.state() != GroupState.KEYED) {
                return null;
            }
            if (fp == null) {
                fp = st.keyFingerprint();
            } else if (!fp.equals(st.keyFingerprint())) {
                return null;
            }
        }
        return fp;
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        hosts.forEach((k, v) -> v.status(group).ifPresent(st -> sb.append(k).append(' ').append(st.state()).append(" e")
                .append(st.epoch()).append(' ').append(st.keyFingerprint()).append(' ').append(st.reason()).append('\n')));
        return sb.toString();
    }
}
