package org.miked.gdh.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementResult;
import org.miked.api.protocol.AgreementSession;
import org.miked.testkit.TestContext;
import org.miked.testkit.TestNetwork;
import org.miked.testkit.TestPolicies;

/** n senders on a TestNetwork, one session each, started as the GMF would. */
final class Harness {
    final TestNetwork net;
    final TestPolicies policies;
    final List<MemberId> ids;
    final Map<MemberId, TestContext> ctx = new LinkedHashMap<>();
    final Map<MemberId, AgreementSession> sessions = new LinkedHashMap<>();
    /** Every body delivered: (from, to, body). */
    final List<Object[]> delivered = new ArrayList<>();

    Harness(int n, long seed, Map<String, String> params, Function<AgreementContext, AgreementSession> factory) {
        net = new TestNetwork(seed);
        policies = new TestPolicies("trial", n, seed);
        params.forEach(policies::param);
        ids = policies.senders();
        for (MemberId id : ids) {
            TestContext c = new TestContext(policies.sender(id), net.runtime(id), net);
            AgreementSession s = factory.apply(c);
            ctx.put(id, c);
            sessions.put(id, s);
            net.attach(id, Role.SENDER, (from, body) -> {
                delivered.add(new Object[] {from, id, body});
                s.onMessage(from, body);
            });
        }
    }

    /** Calls start on every member of the list. */
    void start(long run, List<MemberId> members) {
        for (MemberId m : members) {
            sessions.get(m).start(run, members);
        }
    }

    /** Runs the network until idle or limitMs of virtual time passed; true if idle. */
    boolean runFor(long limitMs) {
        return net.time().runUntilIdle(net.time().millis() + limitMs);
    }

    /** @return each member's result of a run, null where it has none */
    List<AgreementResult> results(long run, List<MemberId> members) {
        List<AgreementResult> out = new ArrayList<>();
        for (MemberId m : members) {
            out.add(ctx.get(m).agreed.stream().filter(a -> a.run() == run).findFirst().orElse(null));
        }
        return out;
    }
}
