package org.miked.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementResult;
import org.miked.api.protocol.AgreementSession;

/**
 * n senders of an agreement protocol on a {@link TestNetwork}, one session each, started as the GMF
 * would (same run number and member list at every member). Shared by the agreement protocols' tests.
 */
public final class AgreementHarness {
    public final TestNetwork net;
    public final TestPolicies policies;
    public final List<MemberId> ids;
    public final Map<MemberId, TestContext> ctx = new LinkedHashMap<>();
    public final Map<MemberId, AgreementSession> sessions = new LinkedHashMap<>();
    /** Every body delivered: (from, to, body). */
    public final List<Object[]> delivered = new ArrayList<>();

    public AgreementHarness(int n, long seed, Map<String, String> params, Function<AgreementContext, AgreementSession> factory) {
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
    public void start(long run, List<MemberId> members) {
        for (MemberId m : members) {
            sessions.get(m).start(run, members);
        }
    }

    /** Runs the network until idle or limitMs of virtual time passed; true if idle. */
    public boolean runFor(long limitMs) {
        return net.time().runUntilIdle(net.time().millis() + limitMs);
    }

    /**
     * Fails unless every listed member agreed the run on the same 32-byte secret, transcript hash and
     * member list, and none of them reported a failure of that run. Plain {@link AssertionError}s, so the
     * testkit needs no assertion library.
     *
     * @param run the run
     * @param members who must have agreed
     */
    public void assertAllAgree(long run, List<MemberId> members) {
        List<AgreementResult> rs = results(run, members);
        for (int k = 0; k < rs.size(); k++) {
            if (rs.get(k) == null) {
                throw new AssertionError(members.get(k) + " did not agree run " + run);
            }
        }
        AgreementResult first = rs.get(0);
        for (int k = 0; k < rs.size(); k++) {
            AgreementResult r = rs.get(k);
            String who = members.get(k) + " in run " + run + ": ";
            if (r.secret().length != 32 || !Arrays.equals(r.secret(), first.secret())) {
                throw new AssertionError(who + "secret differs from " + members.get(0) + "'s or is not 32 bytes");
            }
            if (!Arrays.equals(r.transcriptHash(), first.transcriptHash())) {
                throw new AssertionError(who + "transcript hash differs from " + members.get(0) + "'s");
            }
            if (!r.members().equals(members)) {
                throw new AssertionError(who + "members " + r.members() + " instead of " + members);
            }
        }
        for (MemberId m : members) {
            ctx.get(m).failures.stream().filter(f -> f.run() == run).findFirst().ifPresent(f -> {
                throw new AssertionError(m + " also failed run " + run + ": " + f.reason());
            });
        }
    }

    /** @return each member's result of a run, null where it has none */
    public List<AgreementResult> results(long run, List<MemberId> members) {
        List<AgreementResult> out = new ArrayList<>();
        for (MemberId m : members) {
            out.add(ctx.get(m).agreed.stream().filter(a -> a.run() == run).findFirst().orElse(null));
        }
        return out;
    }
}
