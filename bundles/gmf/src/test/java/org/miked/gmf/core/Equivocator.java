package org.miked.gmf.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Destination;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementResult;
import org.miked.api.protocol.AgreementSession;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.api.runtime.HostRuntime;
import org.miked.bd.wire.BdCodec;
import org.miked.bd.wire.BdMessage;
import org.miked.common.wire.DecodeException;
import org.miked.dh.group.DhGroup;
import org.miked.dh.group.DhGroups;
import org.miked.dh.group.Element;
import org.miked.dh.group.InvalidElementException;
import org.miked.gdh.wire.GdhCodec;
import org.miked.gdh.wire.GdhData;
import org.miked.gdh.wire.GdhMessage;

/**
 * A malicious insider: a sender that runs the real agreement protocol but sends its messages to each
 * member separately, and to the victims a different (valid) value than to the others. Its envelopes are
 * genuinely signed by it (it is a group member), so nothing below the protocol can tell. Every multicast
 * of its session becomes one unicast per run member, each passed through {@link Rewrite}.
 */
final class Equivocator implements KeyAgreementProtocol {
    /** What the insider sends to one member instead of {@code body}. */
    interface Rewrite {
        byte[] apply(MemberId to, byte[] body);
    }

    private final KeyAgreementProtocol inner;
    private final Set<MemberId> victims;
    private final LongPredicate splitRun;
    private final Rewrite rewrite;
    /** Bodies the insider changed for a victim. */
    int rewritten;

    /**
     * @param inner the real protocol the insider runs
     * @param victims members that get the other value
     * @param splitRun which runs it attacks (others it runs honestly)
     * @param rewrite the change made for a victim; returns the body unchanged when there is nothing to change
     */
    Equivocator(KeyAgreementProtocol inner, Set<MemberId> victims, LongPredicate splitRun, Rewrite rewrite) {
        this.inner = inner;
        this.victims = Set.copyOf(victims);
        this.splitRun = splitRun;
        this.rewrite = rewrite;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public AgreementSession open(AgreementContext ctx) {
        SplitCtx split = new SplitCtx(ctx);
        AgreementSession s = inner.open(split);
        return new AgreementSession() {
            @Override
            public void start(long run, List<MemberId> members) {
                split.members = List.copyOf(members);
                split.attacking = splitRun.test(run);
                s.start(run, members);
            }

            @Override
            public void onMessage(MemberId from, byte[] body) {
                s.onMessage(from, body);
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    private final class SplitCtx implements AgreementContext {
        private final AgreementContext ctx;
        private List<MemberId> members = List.of();
        private boolean attacking;

        SplitCtx(AgreementContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void send(Destination to, byte[] body) {
            if (!attacking) {
                ctx.send(to, body);
                return;
            }
            List<MemberId> recipients = new ArrayList<>();
            if (to instanceof Destination.Unicast u) {
                recipients.add(u.to());
            } else {
                members.stream().filter(m -> !m.equals(ctx.runtime().self())).forEach(recipients::add);
            }
            for (MemberId m : recipients) {
                byte[] out = body;
                if (victims.contains(m)) {
                    out = rewrite.apply(m, body);
                    if (out != body) {
                        rewritten++;
                    }
                }
                ctx.send(Destination.unicast(ctx.policy().group(), m), out);
            }
        }

        @Override
        public void agreed(AgreementResult result) {
            ctx.agreed(result);
        }

        @Override
        public void failed(long run, String reason, Set<MemberId> silent) {
            ctx.failed(run, reason, silent);
        }

        @Override
        public GroupPolicy policy() {
            return ctx.policy();
        }

        @Override
        public HostRuntime runtime() {
            return ctx.runtime();
        }

        @Override
        public void log(String message) {
            ctx.log(message);
        }

        @Override
        public void count(String counter) {
            ctx.count(counter);
        }
    }

    /** @return the valid element {@code x * g}: on the curve, in the group, not the identity */
    static byte[] timesGenerator(byte[] x) {
        DhGroup g = DhGroups.byName("P-256");
        try {
            Element e = g.decode(x);
            return g.multiply(e, g.expGenerator(BigInteger.ONE)).encoded();
        } catch (InvalidElementException e) {
            throw new AssertionError(e);
        }
    }

    /** BD: a ROUND2 message whose X is replaced by X * g (round 1 and z stay the same for everyone). */
    static byte[] otherRoundTwoValue(MemberId to, byte[] body) {
        try {
            BdMessage m = BdCodec.decode(body);
            if (m.x() == null) {
                return body;
            }
            return BdCodec.encode(new BdMessage(m.header(), m.n(), m.haveZ(), m.haveX(), m.z(), timesGenerator(m.x())));
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * GDH (last member M_n): the BROADCAST partial value meant for the victim at {@code position} is replaced by
     * itself times g, so the victim's K = (B_j g)^(r_j) differs from everyone else's.
     */
    static Rewrite otherBroadcastValue(List<MemberId> order) {
        return (to, body) -> {
            try {
                GdhMessage m = GdhCodec.decode(body);
                if (!(m instanceof GdhData d) || d.header().type() != GdhMessage.BROADCAST) {
                    return body;
                }
                int j = order.indexOf(to);
                int k = j - d.first();
                List<byte[]> els = new ArrayList<>(d.elements());
                if (k < 0 || k >= els.size()) {
                    return body;
                }
                els.set(k, timesGenerator(els.get(k)));
                return GdhCodec.encode(new GdhData(d.header(), d.lineage(), d.total(), d.first(), els));
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
        };
    }
}
