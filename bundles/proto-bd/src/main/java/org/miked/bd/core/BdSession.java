package org.miked.bd.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Destination;
import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementSession;
import org.miked.bd.wire.BdCodec;
import org.miked.bd.wire.BdMessage;
import org.miked.dh.core.Expiry;
import org.miked.dh.core.KeySchedule;
import org.miked.dh.core.Params;
import org.miked.dh.core.Rejects;
import org.miked.dh.core.ResendLimiter;
import org.miked.dh.core.RunInfo;
import org.miked.dh.core.RunTimers;
import org.miked.dh.core.Transcript;
import org.miked.dh.group.DhOps;
import org.miked.dh.group.Element;
import org.miked.dh.group.InvalidElementException;

/**
 * One member's Burmester-Desmedt state machine (see the package documentation for the rounds). Calls
 * come from the host's event loop, one at a time.
 */
public final class BdSession implements AgreementSession {
    /** Protocol name ({@code miked.protocol}). */
    public static final String NAME = "bd";
    /** Wire protocol id. */
    public static final int PROTOCOL_ID = 1;

    private final AgreementContext ctx;
    private final DhOps ops;
    private final RunTimers timers;
    private final ResendLimiter limiter;
    private RunInfo info;
    private BigInteger r;
    private Element[] zs;
    private Element[] xs;
    private final BitSet haveZ = new BitSet();
    private final BitSet haveX = new BitSet();
    private final BitSet heard = new BitSet();
    private boolean ended;
    private long messagesSent;
    private long bytesSent;

    /**
     * @param ctx the group's context; its policy's {@code bd.group} picks the DH group
     * @throws org.miked.api.policy.PolicyException if {@code bd.group} names no known group
     */
    public BdSession(AgreementContext ctx) {
        this.ctx = ctx;
        this.ops = new DhOps(Params.dhGroup(ctx.policy(), "bd.group"));
        this.timers = RunTimers.fromPolicy(ctx.policy(), NAME, ctx.runtime().scheduler(), this::tick, this::expired);
        this.limiter = new ResendLimiter(ctx.runtime().clock(), Math.max(1, timers.retransmitMillis() / 2));
    }

    @Override
    public void start(long run, List<MemberId> members) {
        timers.cancel();
        limiter.reset();
        haveZ.clear();
        haveX.clear();
        heard.clear();
        ended = false;
        try {
            info = RunInfo.of(NAME, PROTOCOL_ID, ops.group(), ctx.policy().group().name(), run, members,
                    ctx.runtime().self());
        } catch (IllegalArgumentException e) {
            info = null;
            ended = true;
            ctx.log("bd run " + run + " cannot start: " + e.getMessage());
            ctx.failed(run, e.getMessage(), Set.of());
            return;
        }
        int n = info.n();
        zs = new Element[n];
        xs = new Element[n];
        r = ops.group().randomExponent(ctx.runtime().random());
        zs[info.self()] = ops.expGenerator(r);
        haveZ.set(info.self());
        heard.set(info.self());
        if (n == 2) {
            // X_i = (z_{i+1}/z_{i-1})^r_i is the identity for n = 2: round 2 carries nothing and is skipped
            xs[0] = ops.group().identity();
            xs[1] = ops.group().identity();
            haveX.set(0, 2);
        }
        timers.start();
        send(ctx.toSenders());
    }

    private int type() {
        return info.n() > 2 && xs[info.self()] != null ? BdMessage.ROUND2 : BdMessage.ROUND1;
    }

    private void send(Destination to) {
        int t = type();
        Element x = xs[info.self()];
        byte[] body = BdCodec.encode(new BdMessage(info.header(t), info.n(), haveZ, haveX, zs[info.self()].encoded(),
                t == BdMessage.ROUND2 ? x.encoded() : null));
        messagesSent++;
        bytesSent += body.length;
        ctx.send(to, body);
    }

    @Override
    public void onMessage(MemberId from, byte[] body) {
        BdMessage m = Rejects.admit(ctx, NAME, info, from, body, BdCodec::decode, BdMessage::header);
        if (m == null) {
            return;
        }
        if (m.n() != info.n()) {
            Rejects.reject(ctx, NAME, from, "list", "n " + m.n() + " is not " + info.n());
            return;
        }
        int j = m.header().position();
        boolean progress = false;
        try {
            progress |= accept(zs, haveZ, j, m.z(), "z");
            if (m.x() != null && info.n() > 2) {
                progress |= accept(xs, haveX, j, m.x(), "X");
            }
        } catch (InvalidElementException e) {
            Rejects.reject(ctx, NAME, from, "element", e.reason() + ": " + e.getMessage());
            return;
        } catch (IllegalStateException e) {
            Rejects.reject(ctx, NAME, from, "conflict", e.getMessage());
            return;
        }
        heard.set(j);
        if (progress) {
            timers.progress();
        }
        if (!progress) {
            // a copy of something we hold: the peer is retransmitting, so it has waited a full interval;
            // a first copy that lacks our values only crossed ours in flight and needs no answer
            answerIfBehind(from, m);
        }
        if (!ended) {
            advance();
        }
    }

    /** Stores a peer's value; true if new. Rejects a second, different value from the same member. */
    private boolean accept(Element[] slots, BitSet have, int j, byte[] raw, String what) throws InvalidElementException {
        if (slots[j] != null) {
            if (!java.util.Arrays.equals(slots[j].encoded(), raw)) {
                throw new IllegalStateException(what + " of position " + j + " differs from the one received before");
            }
            return false;
        }
        slots[j] = ops.decode(raw);
        have.set(j);
        return true;
    }

    private void answerIfBehind(MemberId from, BdMessage m) {
        int self = info.self();
        boolean lacksMine = !m.haveZ().get(self) || (type() == BdMessage.ROUND2 && !m.haveX().get(self));
        if (lacksMine && limiter.allow(from)) {
            ctx.count("bd.resent");
            send(Destination.unicast(ctx.policy().group(), from));
        }
    }

    private void advance() {
        int n = info.n();
        int i = info.self();
        if (n > 2 && xs[i] == null && zs[(i + 1) % n] != null && zs[(i + n - 1) % n] != null) {
            xs[i] = ops.exp(ops.div(zs[(i + 1) % n], zs[(i + n - 1) % n]), r);
            haveX.set(i);
            send(ctx.toSenders());
        }
        if (haveZ.cardinality() == n && haveX.cardinality() == n) {
            finish();
        }
    }

    private void finish() {
        int n = info.n();
        int i = info.self();
        Element k = groupKey(ops, zs[(i + n - 1) % n], r, xs, i);
        ended = true;
        timers.cancel();
        r = null;
        if (ops.group().isIdentity(k)) {
            ctx.log("bd run " + info.run() + " produced the identity as group key");
            ctx.failed(info.run(), "group key is the identity", Set.of());
            return;
        }
        Transcript t = new Transcript(info);
        for (int j = 0; j < n; j++) {
            t.element("z", j, zs[j]);
        }
        if (n > 2) {
            for (int j = 0; j < n; j++) {
                t.element("X", j, xs[j]);
            }
        }
        ctx.agreed(KeySchedule.result(info, k, t.finish()));
    }

    /**
     * The group key at member i by the telescoped product: with B_0 = z_{i-1}^r and B_j = B_{j-1} X_{i+j-1},
     * each B_j = g^(r_{i+j-1} r_{i+j}), so K = B_0 B_1 ... B_{n-1} = g^(r_1 r_2 + r_2 r_3 + ... + r_n r_1), the
     * value of the paper's z_{i-1}^(n r_i) X_i^(n-1) ... X_{i-2} with one full exponentiation and 2n-2 group
     * operations (the small powers n-1, n-2, ... become repeated multiplication by the running prefix).
     */
    static Element groupKey(DhOps ops, Element zPrev, BigInteger r, Element[] xs, int i) {
        int n = xs.length;
        Element b = ops.exp(zPrev, r);
        Element k = b;
        for (int j = 0; j < n - 1; j++) {
            b = ops.mul(b, xs[(i + j) % n]);
            k = ops.mul(k, b);
        }
        return k;
    }

    private void tick() {
        if (!ended) {
            send(ctx.toSenders());
        }
    }

    private void expired() {
        ended = true;
        r = null;
        BitSet awaited = new BitSet();
        List<String> missing = new ArrayList<>();
        for (int j = 0; j < info.n(); j++) {
            if (!haveZ.get(j) || !haveX.get(j)) {
                awaited.set(j);
                missing.add(info.members().get(j) + (haveZ.get(j) ? "(X)" : "(z)"));
            }
        }
        Expiry.fail(ctx, NAME, info, heard, awaited, "bd run " + info.run() + ": no progress for "
                + timers.timeoutMillis() + " ms, missing " + missing);
    }

    @Override
    public void close() {
        timers.cancel();
        ended = true;
        r = null;
        info = null;
        zs = null;
        xs = null;
    }

    /** @return the operation counters of this session (all runs) */
    public DhOps ops() {
        return ops;
    }

    /** @return messages this session sent (all runs) */
    public long messagesSent() {
        return messagesSent;
    }

    /** @return body bytes this session sent (all runs) */
    public long bytesSent() {
        return bytesSent;
    }
}
