package org.miked.gmf.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.miked.api.policy.KeyTiming;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.sa.Direction;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaSink;

/**
 * When one group's MSAs change at one host (issue 12, docs/hitless-rekeys.md): a new epoch's inbound MSAs go to the
 * sink at once, a sender's own outbound MSA at the epoch's switch time, and older epochs' MSAs are deleted once no
 * sender can still be sending under them.
 *
 * <pre>
 *  enter(n, MSAs, switchAt)  --> sink: n's inbound MSAs (all of them at a receiver)
 *                                timer at switchAt: sink: n's outbound MSA (Linux sends with the newest outbound SA
 *                                of a policy, so this install is the switch; an epoch overtaken by a newer one that
 *                                switched first is skipped, never installed after it)
 *  retire, W + D after n began here (W = the longest switch delay, D = the deactivation delay):
 *                                delete every epoch older than n
 * </pre>
 *
 * Why W + D counted from this host's entry: every sender switches to an epoch at most W after the sender that chose
 * it entered it (the switch time travels with the EPOCH and HELLO messages, clamped to W), and no host enters an
 * epoch before that sender did. A receiver cannot tell an urgent epoch (switched after the activation delay) from one
 * distributed ahead (after the lead), so it keeps old MSAs for the longer of the two.
 */
final class EpochSwitches {
    /** How a switch's outcome reaches the group: null = installed, else the sink's reason. */
    interface Outcome {
        void switched(long epoch, Msa outbound, String refusal);
    }

    /** The retirement timer waits at least this long between runs (one timer per group, not one per epoch). */
    static final long RETIRE_STEP_MS = 5_000;

    private final HostRuntime rt;
    private final MsaLedger ledger;
    private final Outcome outcome;
    /** The group's sink now (it may be re-bound between an epoch and its switch). */
    private final java.util.function.Supplier<SaSink> sink;
    /** Epochs entered and when their predecessors may go: {deadline ms, epoch}, oldest first. */
    private final ArrayDeque<long[]> retirements = new ArrayDeque<>(4);
    private Cancellable retireTimer;
    /** An outbound install waiting for its switch time. */
    private static final class Pending {
        final long epoch;
        final Msa outbound;
        long switchAt;
        Cancellable timer;

        Pending(long epoch, Msa outbound, long switchAt) {
            this.epoch = epoch;
            this.outbound = outbound;
            this.switchAt = switchAt;
        }
    }

    /** Outbound installs waiting for their switch time (a sender's; at most a few). */
    private final List<Pending> pending = new ArrayList<>(2);

    EpochSwitches(HostRuntime rt, MsaLedger ledger, java.util.function.Supplier<SaSink> sink, Outcome outcome) {
        this.rt = rt;
        this.ledger = ledger;
        this.sink = sink;
        this.outcome = outcome;
    }

    /**
     * Installs a new epoch's inbound MSAs and schedules its outbound one.
     *
     * @param epoch the epoch
     * @param msas its MSAs (a receiver's list is shared with other hosts and installed as it is)
     * @param sink the group's sink now
     * @param timing the group's timing
     * @param switchAt when this host sends under the epoch (host clock, ms); now or earlier: at once
     * @return null if the sink took the inbound MSAs, else its reason (nothing of the epoch is installed then)
     */
    String enter(long epoch, List<Msa> msas, SaSink sink, KeyTiming timing, long switchAt) {
        Msa outbound = null;
        List<Msa> inbound = msas;
        for (Msa m : msas) {
            if (m.direction() == Direction.OUTBOUND) {
                outbound = m;
            }
        }
        if (outbound != null) {
            Msa out = outbound;
            inbound = msas.stream().filter(m -> m != out).toList();
        }
        String refusal = ledger.commit(new MsaLedger.StagedEpoch(epoch, inbound), sink);
        if (refusal != null) {
            return refusal;
        }
        long now = rt.clock().millis();
        retirements.add(new long[] {now + timing.switchAfterMillis(false) + timing.deactivationDelayMillis(), epoch});
        if (retireTimer == null) {
            retireTimer = rt.scheduler().schedule(Math.max(retirements.peekFirst()[0] - now, 0), this::retire);
        }
        if (outbound != null) {
            if (switchAt <= now) {
                activate(epoch, outbound);
            } else {
                Pending p = new Pending(epoch, outbound, switchAt);
                pending.add(p);
                arm(p, now);
            }
        }
        return null;
    }

    private void arm(Pending p, long now) {
        p.timer = rt.scheduler().schedule(Math.max(0, p.switchAt - now), () -> {
            pending.remove(p);
            activate(p.epoch, p.outbound);
        });
    }

    /**
     * Moves the switches of pending epochs up to {@code upToEpoch} to {@code at} where they were later: another sender
     * chose the same epoch numbers (two key servers' batches at once) with earlier switch times, or already sends
     * under one of them. Only ever earlier: a peer cannot keep this host on an old key.
     *
     * @param upToEpoch the newest epoch concerned
     * @param at the switch time (host clock); now or earlier: at once
     */
    void hasten(long upToEpoch, long at) {
        long now = rt.clock().millis();
        for (Pending p : List.copyOf(pending)) {
            if (p.epoch <= upToEpoch && p.switchAt > at) {
                p.timer.cancel();
                p.switchAt = at;
                if (at <= now) {
                    pending.remove(p);
                    activate(p.epoch, p.outbound);
                } else {
                    arm(p, now);
                }
            }
        }
    }

    /** The switch time of an epoch came: install its outbound MSA unless a newer epoch already switched. */
    private void activate(long epoch, Msa outbound) {
        if (ledger.newestOutboundEpoch() >= epoch) {
            return; // overtaken: an urgent epoch switched before this one's lead ended
        }
        SaSink now = sink.get();
        if (now == null || !ledger.holds(epoch)) {
            return; // the group left or deleted its MSAs meanwhile
        }
        outcome.switched(epoch, outbound, ledger.commitOutbound(epoch, outbound, now));
    }

    /** Deletes the MSAs of every epoch older than the newest whose retirement deadline passed, and re-arms. */
    private void retire() {
        retireTimer = null;
        long now = rt.clock().millis();
        long keep = -1;
        while (!retirements.isEmpty() && retirements.peekFirst()[0] <= now) {
            keep = Math.max(keep, retirements.pollFirst()[1]); // a past epoch installed late is not a newer one
        }
        if (keep >= 0) {
            ledger.deleteOlderThan(keep, sink.get());
        }
        if (!retirements.isEmpty()) {
            long wait = Math.max(retirements.peekFirst()[0] - now, RETIRE_STEP_MS);
            retireTimer = rt.scheduler().schedule(wait, this::retire);
        }
    }

    /** Forgets pending switches (the group deleted its MSAs: leave). */
    void cancelPending() {
        for (Pending p : pending) {
            p.timer.cancel();
        }
        pending.clear();
    }

    /** @return the epoch this host sends under now (its newest installed outbound MSA's), or 0 */
    long activeEpoch() {
        return Math.max(0, ledger.newestOutboundEpoch());
    }

    /**
     * @return this host's next switch: the earliest switch time of an epoch newer than the one it sends under, or 0
     *     when none is pending
     */
    long nextSwitchAt() {
        long active = ledger.newestOutboundEpoch();
        long next = 0;
        for (Pending p : pending) {
            if (p.epoch > active && (next == 0 || p.switchAt < next)) {
                next = p.switchAt;
            }
        }
        return next;
    }
}
