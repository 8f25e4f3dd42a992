package org.miked.gdh.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Destination;
import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementSession;
import org.miked.api.runtime.RandomSource;
import org.miked.dh.core.Expiry;
import org.miked.dh.core.KeySchedule;
import org.miked.dh.core.Params;
import org.miked.dh.core.Rejects;
import org.miked.dh.core.ResendLimiter;
import org.miked.dh.core.RunInfo;
import org.miked.dh.core.RunTimers;
import org.miked.dh.group.DhOps;
import org.miked.dh.group.Element;
import org.miked.dh.group.InvalidElementException;
import org.miked.dh.wire.RunHeader;
import org.miked.gdh.wire.GdhCodec;
import org.miked.gdh.wire.GdhData;
import org.miked.gdh.wire.GdhMessage;
import org.miked.gdh.wire.GdhStatus;

/**
 * One member's GDH.2 or GDH.3 state machine, with CLIQUES leave when a run's member list is the previous
 * agreed run's minus some members (see the package documentation). Calls come from the host's event loop,
 * one at a time.
 */
public final class GdhSession implements AgreementSession {
    /** Name of GDH.2 ({@code miked.protocol}); a constant so the DS component's annotation can use it. */
    public static final String GDH2_NAME = "gdh2";
    /** Name of GDH.3 ({@code miked.protocol}). */
    public static final String GDH3_NAME = "gdh3";

    /** The two protocols of this bundle. */
    public enum Variant {
        GDH2(GDH2_NAME, 2), GDH3(GDH3_NAME, 3);

        /** Name ({@code miked.protocol}). */
        public final String protocolName;
        /** Wire protocol id. */
        public final int id;

        Variant(String protocolName, int id) {
            this.protocolName = protocolName;
            this.id = id;
        }
    }

    static final byte[] NO_LINEAGE = new byte[GdhMessage.LINEAGE_BYTES];
    private static final String P = "gdh";

    private final AgreementContext ctx;
    private final Variant variant;
    private final DhOps ops;
    private final RunTimers timers;
    private final ResendLimiter limiter;
    private final boolean incremental;
    private RunInfo info;
    private Flow flow;
    private boolean leaving;
    private Lineage lineage;
    private BigInteger r;
    private final BitSet heard = new BitSet();
    private boolean ended;
    private final Map<Integer, Assembly> assemblies = new HashMap<>();
    private final List<Outgoing> outbox = new ArrayList<>();
    private long messagesSent;
    private long bytesSent;
    private long leaveRuns;

    private record Outgoing(List<byte[]> fragments, BitSet consumers) {
    }

    /**
     * @param ctx the group's context; policy parameters {@code gdh.group}, {@code gdh.retransmitMillis},
     *     {@code gdh.timeoutMillis}, {@code gdh.incremental} (default true)
     * @param variant GDH.2 or GDH.3
     */
    public GdhSession(AgreementContext ctx, Variant variant) {
        this.ctx = ctx;
        this.variant = variant;
        this.ops = new DhOps(Params.dhGroup(ctx.policy(), "gdh.group"));
        this.timers = RunTimers.fromPolicy(ctx.policy(), P, ctx.runtime().scheduler(), this::tick, this::expired);
        this.limiter = new ResendLimiter(ctx.runtime().clock(), Math.max(1, timers.retransmitMillis() / 2));
        this.incremental = Boolean.parseBoolean(ctx.policy().param("gdh.incremental", "true").trim());
    }

    @Override
    public void start(long run, List<MemberId> members) {
        timers.cancel();
        limiter.reset();
        heard.clear();
        assemblies.clear();
        outbox.clear();
        ended = false;
        try {
            info = RunInfo.of(variant.protocolName, variant.id, ops.group(), ctx.policy().group().name(), run, members,
                    ctx.runtime().self());
        } catch (IllegalArgumentException e) {
            info = null;
            ended = true;
            ctx.log(variant.protocolName + " run " + run + " cannot start: " + e.getMessage());
            ctx.failed(run, e.getMessage(), Set.of());
            return;
        }
        heard.set(info.self());
        timers.start();
        if (incremental && lineage != null && lineage.canLeaveTo(members)) {
            leaving = true;
            r = lineage.r();
            flow = new LeaveFlow(this, lineage);
            ctx.count(P + ".leave");
        } else {
            leaving = false;
            r = ops.group().randomExponent(ctx.runtime().random());
            flow = variant == Variant.GDH2 ? new Gdh2Flow(this) : new Gdh3Flow(this);
        }
        flow.begin();
    }

    /** Abandons a leave that not every member can follow and runs the full protocol in the same run. */
    private void fallBackToFull(String why) {
        ctx.log(variant.protocolName + " run " + info.run() + ": leave abandoned, full run instead: " + why);
        ctx.count(P + ".leave.fallback");
        leaving = false;
        assemblies.clear();
        outbox.clear();
        r = ops.group().randomExponent(ctx.runtime().random());
        flow = variant == Variant.GDH2 ? new Gdh2Flow(this) : new Gdh3Flow(this);
        timers.progress();
        flow.begin();
    }

    @Override
    public void onMessage(MemberId from, byte[] body) {
        GdhMessage m = Rejects.admit(ctx, P, info, from, body, GdhCodec::decode, GdhMessage::header);
        if (m == null) {
            return;
        }
        int author = m.header().position();
        heard.set(author);
        if (m instanceof GdhStatus st) {
            onStatus(st, from, author);
        } else {
            onData((GdhData) m, from, author);
        }
    }

    private void onStatus(GdhStatus st, MemberId from, int author) {
        if (st.n() != info.n()) {
            Rejects.reject(ctx, P, from, "list", "STATUS for " + st.n() + " members, the run has " + info.n());
            return;
        }
        if (leaving && !ended) {
            if (Arrays.equals(st.lineage(), flow.lineageHash())) {
                flow.onStatus(author);
            } else {
                fallBackToFull(from + " does not hold the state of the previous run");
            }
        }
        if (st.need().get(info.self())) {
            resendTo(from, author);
        }
    }

    private void onData(GdhData d, MemberId from, int author) {
        int type = d.header().type();
        if (type == GdhMessage.LEAVE) {
            if (!leaving) {
                Rejects.reject(ctx, P, from, "mode", "LEAVE received, but this member runs a full agreement");
                return;
            }
            if (!Arrays.equals(d.lineage(), flow.lineageHash())) {
                Rejects.reject(ctx, P, from, "lineage", "LEAVE builds on a run this member did not agree");
                return;
            }
        } else if (leaving && !ended) {
            fallBackToFull(from + " sent " + GdhMessage.typeName(type) + " of a full run");
        }
        int expected = flow.total(type, author);
        if (expected < 0) {
            Rejects.reject(ctx, P, from, "role", GdhMessage.typeName(type) + " from position " + author
                    + " is not part of " + variant.protocolName + (leaving ? " leave" : ""));
            return;
        }
        if (expected == 0) {
            return; // a valid message for someone else (multicast)
        }
        if (d.total() != expected) {
            Rejects.reject(ctx, P, from, "fragment", GdhMessage.typeName(type) + " of " + d.total()
                    + " elements, expected " + expected);
            return;
        }
        Assembly a = assemblies.computeIfAbsent(type * 256 + author, k -> new Assembly(expected));
        try {
            if (a.add(d.first(), d.elements(), ops)) {
                timers.progress();
            }
        } catch (InvalidElementException e) {
            Rejects.reject(ctx, P, from, "element", e.reason() + ": " + e.getMessage());
            return;
        } catch (IllegalStateException e) {
            Rejects.reject(ctx, P, from, "conflict", e.getMessage());
            return;
        }
        if (!ended && a.takeDelivery()) {
            flow.complete(type, author, a.elements());
        }
    }

    private void resendTo(MemberId to, int position) {
        boolean any = false;
        for (Outgoing o : outbox) {
            if (o.consumers().get(position)) {
                if (!any && !limiter.allow(to)) {
                    return;
                }
                any = true;
                for (byte[] f : o.fragments()) {
                    transmit(Destination.unicast(ctx.policy().group(), to), f);
                }
            }
        }
        if (any) {
            ctx.count(P + ".resent");
        }
    }

    /** Sends a data message (fragmented as needed) to its consumers and keeps it for resending. */
    void send(int type, Element[] elements, BitSet consumers) {
        RunHeader h = info.header(type);
        byte[] lin = type == GdhMessage.LEAVE ? flow.lineageHash() : null;
        int per = GdhCodec.maxPerFragment(h, ops.group().elementBytes());
        List<byte[]> fragments = new ArrayList<>();
        for (int first = 0; first < elements.length; first += per) {
            int count = Math.min(per, elements.length - first);
            List<byte[]> els = new ArrayList<>(count);
            for (int k = first; k < first + count; k++) {
                els.add(elements[k].encoded());
            }
            fragments.add(GdhCodec.encode(new GdhData(h, lin, elements.length, first, els)));
        }
        outbox.add(new Outgoing(fragments, consumers));
        Destination to = consumers.cardinality() == 1
                ? Destination.unicast(ctx.policy().group(), info.members().get(consumers.nextSetBit(0)))
                : ctx.toSenders();
        for (byte[] f : fragments) {
            transmit(to, f);
        }
    }

    /** Multicasts this member's STATUS (what it waits for, which lineage it holds). */
    void sendStatus() {
        byte[] lin = leaving ? flow.lineageHash() : NO_LINEAGE;
        transmit(ctx.toSenders(), GdhCodec.encode(new GdhStatus(info.header(GdhMessage.STATUS), lin, info.n(),
                flow.needs())));
    }

    private void transmit(Destination to, byte[] body) {
        messagesSent++;
        bytesSent += body.length;
        ctx.send(to, body);
    }

    /** Ends the run with a key; keeps the lineage for a later leave. */
    void finish(Element key, byte[] transcriptHash, Element[] partials, BigInteger newR) {
        ended = true;
        timers.cancel();
        if (ops.group().isIdentity(key)) {
            ctx.log(variant.protocolName + " run " + info.run() + " produced the identity as group key");
            ctx.failed(info.run(), "group key is the identity", Set.of());
            return;
        }
        lineage = incremental
                ? new Lineage(info.members(), Arrays.copyOf(transcriptHash, GdhMessage.LINEAGE_BYTES), newR, partials)
                : null;
        r = null;
        if (leaving) {
            leaveRuns++;
        }
        ctx.agreed(KeySchedule.result(info, key, transcriptHash));
    }

    private void tick() {
        if (!ended) {
            sendStatus();
        }
    }

    private void expired() {
        ended = true;
        r = null;
        BitSet need = flow.needs();
        List<MemberId> waiting = need.stream().mapToObj(info.members()::get).toList();
        Expiry.fail(ctx, P, info, heard, need, variant.protocolName + (leaving ? " leave" : "") + " run "
                + info.run() + ": no progress for " + timers.timeoutMillis() + " ms, waiting for " + waiting);
    }

    @Override
    public void close() {
        timers.cancel();
        ended = true;
        r = null;
        info = null;
        lineage = null;
        assemblies.clear();
        outbox.clear();
    }

    RunInfo info() {
        return info;
    }

    DhOps ops() {
        return ops;
    }

    BigInteger r() {
        return r;
    }

    RandomSource random() {
        return ctx.runtime().random();
    }

    /** @return the operation counters of this session (all runs) */
    public DhOps counters() {
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

    /** @return runs that ended in a key through a CLIQUES leave */
    public long leaveRuns() {
        return leaveRuns;
    }
}
