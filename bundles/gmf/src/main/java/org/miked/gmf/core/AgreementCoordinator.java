package org.miked.gmf.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Destination;
import org.miked.api.gmf.GroupState;
import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementResult;
import org.miked.api.protocol.AgreementSession;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.HostRuntime;
import org.miked.gmf.wire.Control;
import org.miked.gmf.wire.Envelope;

/**
 * Coordinates a group's agreement runs among its live senders: the coordinator (lowest live id) sends
 * START and resends it, members start their session on it; watchdogs replace a run that never starts or
 * never ends, reruns are debounced, and agreement messages that arrive before START are kept. A run's key
 * is used only after {@link KeyConfirmation}: every member proved it holds the same one.
 *
 * <pre>
 *  coordinator: coordinate() --START(run, baseEpoch, members)--> members: onStart --> beginRun
 *  beginRun: session.start(run, members), replay early messages --> agreed(Ks)
 *  agreed(Ks): CONFIRM among the run's members --> all match: group.onAgreed (the key is used)
 *  failed(silent), or confirmation timed out (silent = not confirmed): coordinator drops the silent and
 *                  coordinates; a member drops a silent coordinator, else reports FAILED in its HELLO and
 *                  waits (watchdog) for a new START
 *  confirmation mismatch (a split key): nobody is dropped (the tags cannot tell who split it); the
 *                  coordinator reruns after the debounce, the others report FAILED
 * </pre>
 */
final class AgreementCoordinator {
    static final long START_RESEND_MS = 1_000;
    static final long START_WAIT_MS = 5_000;
    static final long RERUN_DEBOUNCE_MS = 500;
    static final int BUFFER_LIMIT = 256;

    /**
     * An agreement message that arrived before the START of its run.
     *
     * @param from authenticated sender
     * @param body the agreement message
     */
    record EarlyMessage(MemberId from, byte[] body) {
    }

    private final SenderGroup group;
    private final SenderLiveness liveness;
    private final EpochChain chain;
    private final Deque<EarlyMessage> early = new ArrayDeque<>();
    private KeyAgreementProtocol protocol;
    private AgreementSession session;
    /** The current run's key confirmation (null for a run of one). */
    private KeyConfirmation confirmation;
    private long run;
    private long highestRunSeen;
    private long baseEpoch;
    private List<MemberId> runMembers = List.of();
    /** This member's session for the current run failed and it waits for a new START. */
    private boolean runFailed;
    private Cancellable startResend;
    private Cancellable watchdog;
    private Cancellable rerun;

    AgreementCoordinator(SenderGroup group, SenderLiveness liveness, EpochChain chain) {
        this.group = group;
        this.liveness = liveness;
        this.chain = chain;
    }

    long run() {
        return run;
    }

    boolean runFailed() {
        return runFailed;
    }

    /** Agreement has just completed: the member no longer waits for a new run. */
    void clearRunFailed() {
        runFailed = false;
    }

    KeyAgreementProtocol protocol() {
        return protocol;
    }

    /** @param ap the protocol the next run opens its session with */
    void useProtocol(KeyAgreementProtocol ap) {
        protocol = ap;
    }

    boolean coordinating() {
        return liveness.coordinator().equals(group.self());
    }

    /** Enters AGREEING: coordinates if this host is the lowest live sender, else waits for START. */
    void beginAgreement() {
        group.state = GroupState.AGREEING;
        group.reason = "agreeing among " + liveness.size() + " senders";
        if (coordinating()) {
            coordinate();
        } else {
            group.sendControl(group.hello(), group.toSenders());
            armWatchdog();
        }
    }

    /** Starts a new run among the live senders (this host coordinates). */
    void coordinate() {
        cancelRerun();
        long now = group.now();
        long newRun = Math.max(Math.max(run, highestRunSeen) + 1, now);
        long base = chain.nextBase(group.current, now);
        List<MemberId> members = new ArrayList<>(liveness.members());
        Control.Start start = new Control.Start(newRun, base, members);
        group.log("coordinating run " + newRun + " among " + members);
        if (members.size() > 1) {
            group.sendControl(start, group.toSenders());
            cancel(startResend);
            startResend = group.rt().scheduler().schedule(START_RESEND_MS, () -> resendStart(start));
        }
        beginRun(start);
    }

    private void resendStart(Control.Start start) {
        if (group.running() && run == start.run() && group.state == GroupState.AGREEING) {
            group.sendControl(start, group.toSenders());
            startResend = group.rt().scheduler().schedule(START_RESEND_MS, () -> resendStart(start));
        }
    }

    private void armWatchdog() {
        cancel(watchdog);
        long runAtArm = run;
        watchdog = group.rt().scheduler().schedule(START_WAIT_MS, () -> {
            if (!group.running() || group.state != GroupState.AGREEING || run != runAtArm || session != null) {
                return;
            }
            MemberId c = liveness.coordinator();
            if (!c.equals(group.self()) && group.now() - liveness.lastHeard(c, -1L) > START_WAIT_MS) {
                group.log("no START from coordinator " + c + "; continuing without it");
                liveness.remove(c);
                group.count("agreement.coordinator-silent");
            }
            beginAgreement();
        });
    }

    /** A non-coordinator that started a run re-arms its watchdog against a run that never ends. */
    private void armWatchdogForRun() {
        long r = run;
        cancel(watchdog);
        watchdog = group.rt().scheduler().schedule(START_WAIT_MS * 6, () -> {
            if (group.running() && run == r && group.state == GroupState.AGREEING) {
                group.log("run " + r + " did not finish; asking for a new one");
                closeSession();
                beginAgreement();
            }
        });
    }

    private void beginRun(Control.Start start) {
        closeSession();
        closeConfirmation();
        run = start.run();
        highestRunSeen = Math.max(highestRunSeen, run);
        baseEpoch = start.baseEpoch();
        runMembers = start.members();
        runFailed = false;
        group.state = GroupState.AGREEING;
        group.reason = "run " + run + " among " + runMembers.size() + " senders";
        group.count("agreement.runs");
        if (runMembers.size() == 1) {
            byte[] ks = group.rt().random().bytes(32);
            agreed(new AgreementResult(run, runMembers, ks, new byte[0]));
            return;
        }
        KeyAgreementProtocol ap = group.host.registry().agreement(group.policy.agreement());
        if (ap == null) {
            group.stop("agreement protocol '" + group.policy.agreement() + "' is not deployed");
            return;
        }
        protocol = ap;
        confirmation = new KeyConfirmation(new ConfirmPort(run), group.policy.group(), run, runMembers, group.self());
        session = ap.open(new AgreementCtx(run));
        session.start(run, runMembers);
        while (!early.isEmpty() && session != null) {
            EarlyMessage m = early.poll();
            session.onMessage(m.from(), m.body());
        }
    }

    /** The session agreed: confirm the key with the other members before it is used. */
    private void agreed(AgreementResult result) {
        cancel(startResend);
        cancel(watchdog);
        if (confirmation == null) {
            use(result); // a run of one: nobody to confirm with
            return;
        }
        group.reason = "run " + run + " agreed; confirming the key with the other " + (runMembers.size() - 1)
                + " senders";
        confirmation.agreed(result);
    }

    /** Every member of the run confirmed its key: enter the run's first epoch. */
    private void use(AgreementResult result) {
        // the session stays open until the next run: members that missed its last messages ask again,
        // and only a session that finished can answer them
        chain.agreed(result.secret());
        liveness.agreedAmong(result.members(), group.now());
        group.count("agreement.completed");
        group.log("run " + run + " agreed among " + result.members() + ", epoch " + baseEpoch);
        group.onAgreed(baseEpoch, result.members());
    }

    /** Debounces a new run: the coordinator starts it shortly, once. */
    void scheduleRerun() {
        if (rerun == null && coordinating()) {
            rerun = group.rt().scheduler().schedule(RERUN_DEBOUNCE_MS, () -> {
                rerun = null;
                if (group.running() && coordinating()) {
                    coordinate();
                }
            });
        }
    }

    /** A START from the coordinator. */
    void onStart(Control.Start s) {
        if (!s.members().contains(group.self())) {
            group.count("control.start-without-me");
            // we are alive but were left out: tell the coordinator
            group.sendControl(group.hello(), group.toSenders());
            return;
        }
        if (s.run() <= run) {
            group.count("control.start-stale");
            return;
        }
        liveness.replaceWith(s.members());
        cancel(watchdog);
        beginRun(s);
        armWatchdogForRun();
    }

    /**
     * What a HELLO of a known member means for the runs.
     *
     * @return true if it was handled here (the caller looks at epochs otherwise)
     */
    boolean onHello(MemberId from, Control.Hello h) {
        if (coordinating() && h.state() == Control.Hello.FAILED && h.run() <= run
                && (group.keyed() || h.run() == run)) {
            // a member lost the run (its session timed out): only a new run can give it the key
            group.log("sender " + from + " failed run " + h.run() + ": starting a new run");
            group.count("agreement.member-failed");
            scheduleRerun();
            return true;
        }
        if (coordinating() && group.state == GroupState.AGREEING && h.run() > run && runMembers.contains(from)) {
            // a member holds a newer run than the one we started: our START is stale to it (we restarted with
            // a clock stepped back); start again above the runs we heard of
            group.count("agreement.start-behind");
            scheduleRerun();
            return true;
        }
        if (coordinating() && group.state == GroupState.AGREEING && h.run() < run && runMembers.contains(from)) {
            group.sendControl(new Control.Start(run, baseEpoch, runMembers), Destination.unicast(group.policy.group(), from));
            return true;
        }
        return false;
    }

    /** @param r a run another sender reported */
    void seenRun(long r) {
        highestRunSeen = Math.max(highestRunSeen, r);
    }

    /** A CONFIRM from an authenticated sender. */
    void onConfirm(MemberId from, Control.Confirm c) {
        if (confirmation != null && c.run() == run) {
            confirmation.onConfirm(from, c);
        } else {
            group.count(c.run() < run ? "control.confirm-stale" : "control.confirm-early");
        }
    }

    /** The run's key confirmation failed: its key is not used, and the run is over here. */
    private void confirmationFailed(String why, Set<MemberId> differing, Set<MemberId> silent) {
        boolean split = !differing.isEmpty();
        group.count(split ? "agreement.confirm-mismatch" : "agreement.confirm-timeout");
        group.log("run " + run + ": key confirmation failed, the key is not used: " + why);
        closeSession();
        afterFailure(silent, split, "run " + run + ": key confirmation failed" + (split ? " with " + differing : ""));
    }

    /**
     * The run failed here. The coordinator drops the silent members and starts a new run, after the rerun
     * debounce if nobody was dropped and {@code debounce} (a run that fails on a split key would otherwise be
     * retried at once, again and again, while the member who splits it stays); another member drops a silent
     * coordinator, else tells the coordinator and waits for its new START.
     */
    private void afterFailure(Set<MemberId> silent, boolean debounce, String what) {
        if (coordinating()) {
            // the coordinator decides who is silent: the next run goes without them
            Set<MemberId> drop = new TreeSet<>(silent);
            drop.remove(group.self());
            liveness.removeAll(drop);
            if (debounce && drop.isEmpty()) {
                group.state = GroupState.AGREEING;
                group.reason = what + "; a new run follows";
                scheduleRerun();
            } else {
                beginAgreement();
            }
        } else if (silent.contains(liveness.coordinator())) {
            liveness.remove(liveness.coordinator());
            beginAgreement();
        } else {
            // tell the coordinator; it starts a new run (a member cannot know who else is silent)
            runFailed = true;
            group.state = GroupState.AGREEING;
            group.reason = what + "; waiting for a new run";
            group.sendControl(group.hello(), group.toSenders());
            armWatchdog();
        }
    }

    /** An authenticated agreement message. */
    void onMessage(MemberId from, byte[] body) {
        if (session != null) {
            session.onMessage(from, body);
        } else if (group.state == GroupState.AGREEING && early.size() < BUFFER_LIMIT) {
            // waiting for START: keep what the other members already sent for the new run
            early.add(new EarlyMessage(from, body));
        } else {
            group.count("agreement.ignored");
        }
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private void closeConfirmation() {
        if (confirmation != null) {
            confirmation.close();
            confirmation = null;
        }
    }

    /** Cancels the timers and closes the session (the group stops). */
    void close() {
        cancel(startResend);
        cancel(watchdog);
        cancelRerun();
        closeSession();
        closeConfirmation();
    }

    /** A pending rerun is superseded: forget it too, or every later {@link #scheduleRerun} is ignored. */
    private void cancelRerun() {
        cancel(rerun);
        rerun = null;
    }

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    /** Context of one agreement run; outputs of an older run are ignored. */
    private final class AgreementCtx extends GroupSession.SessionContext implements AgreementContext {
        private final long ctxRun;

        AgreementCtx(long run) {
            super(group, group.policy.agreement());
            this.ctxRun = run;
        }

        @Override
        public void send(Destination to, byte[] body) {
            if (ctxRun == run && group.running()) {
                group.send(Envelope.Kind.AGREEMENT, to, body);
            }
        }

        @Override
        public void agreed(AgreementResult result) {
            if (ctxRun == run && group.running() && group.state == GroupState.AGREEING && result.run() == run) {
                AgreementCoordinator.this.agreed(result);
            }
        }

        @Override
        public void failed(long failedRun, String why, Set<MemberId> silent) {
            if (ctxRun != run || !group.running() || failedRun != run) {
                return;
            }
            group.count("agreement.failed");
            group.log("run " + run + " failed: " + why + "; silent: " + silent);
            closeSession();
            afterFailure(silent, false, "run " + run + " failed here");
        }
    }

    /** Where one run's key confirmation sends and reports; outputs of an older run are ignored. */
    private final class ConfirmPort implements KeyConfirmation.Port {
        private final long portRun;

        ConfirmPort(long run) {
            this.portRun = run;
        }

        private boolean current() {
            return portRun == run && group.running();
        }

        @Override
        public void count(String counter) {
            group.count(counter);
        }

        @Override
        public void log(String line) {
            group.log(line);
        }

        @Override
        public HostRuntime rt() {
            return group.rt();
        }

        @Override
        public void send(Control.Confirm c, Destination to) {
            if (current()) {
                group.sendControl(c, to);
            }
        }

        @Override
        public void confirmed(AgreementResult result) {
            if (current() && group.state == GroupState.AGREEING) {
                use(result);
            }
        }

        @Override
        public void failed(String why, Set<MemberId> differing, Set<MemberId> silent) {
            if (current() && group.state == GroupState.AGREEING) {
                confirmationFailed(why, differing, silent);
            }
        }
    }
}
