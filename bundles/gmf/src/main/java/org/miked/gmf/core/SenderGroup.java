package org.miked.gmf.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.miked.api.MemberId;
import org.miked.api.auth.AuthSession;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.Destination;
import org.miked.api.gmf.GroupState;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementResult;
import org.miked.api.protocol.AgreementSession;
import org.miked.api.protocol.EpochKey;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.api.protocol.KeyDistributionProtocol;
import org.miked.api.protocol.KeyServerContext;
import org.miked.api.protocol.KeyServerSession;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.sa.SaId;
import org.miked.common.wire.DecodeException;
import org.miked.gmf.wire.Control;
import org.miked.gmf.wire.ControlCodec;
import org.miked.gmf.wire.Envelope;

/**
 * A sender's key management for one group: agreement among the live senders (coordinated by the lowest
 * live id), the epoch chain {@code Ke(n)} from the agreed secret, and the key server for its receivers.
 *
 * <pre>
 *  coordinator: START(run, baseEpoch, members) --> all senders: session.start(run, members)
 *  session: agreed(Ks) --> epoch = baseEpoch, Ke = KDF(Ks, group, epoch) --> MSAs, server.rekey(Ke)
 *  joins/leaves at a server --> after the batch interval: EPOCH(run, n+1) to senders, every server rekeys
 *  HELLO every 2 s: liveness, late joiners, missed epochs; a silent sender triggers a run without it
 * </pre>
 */
final class SenderGroup extends GroupSession {
    static final long HEARTBEAT_MS = 2_000;
    static final long START_RESEND_MS = 1_000;
    static final long START_WAIT_MS = 5_000;
    /** Ten heartbeats: at 30% loss all ten are lost with probability 6e-6. */
    static final long DEAD_AFTER_MS = 20_000;
    static final long RERUN_DEBOUNCE_MS = 500;
    static final int BUFFER_LIMIT = 256;

    private final TreeSet<MemberId> live = new TreeSet<>();
    private final Map<MemberId, Long> lastHeard = new HashMap<>();
    private final Deque<Object[]> early = new ArrayDeque<>();
    private KeyAgreementProtocol agreementProtocol;
    private KeyDistributionProtocol distributionProtocol;
    private AgreementSession agreement;
    private KeyServerSession server;
    private long run;
    private long highestRunSeen;
    private long highestEpochSeen;
    private long baseEpoch;
    private List<MemberId> runMembers = List.of();
    private byte[] senderSecret;
    private Cancellable batchTimer;
    private Cancellable startResend;
    private Cancellable watchdog;
    private Cancellable heartbeat;
    private Cancellable rerun;
    private Cancellable periodic;
    private boolean running;
    /** This member's session for the current run failed and it waits for a new START. */
    private boolean runFailed;

    SenderGroup(Host host, GroupPolicy policy) {
        super(host, policy);
    }

    private HostRuntime rt() {
        return host.runtime();
    }

    private long now() {
        return rt().clock().millis();
    }

    private MemberId coordinator() {
        return live.first();
    }

    @Override
    void start() {
        String missing = bindCommon();
        KeyAgreementProtocol ap = host.registry().agreement(policy.agreement());
        KeyDistributionProtocol dp = host.registry().distribution(policy.distribution());
        if (missing == null && ap == null && policy.senders().size() > 1) {
            missing = "agreement protocol '" + policy.agreement() + "' is not deployed";
        }
        if (missing == null && dp == null) {
            missing = "distribution protocol '" + policy.distribution() + "' is not deployed";
        }
        if (missing != null) {
            state = GroupState.WAITING_FOR_PROTOCOL;
            reason = missing;
            log("waiting: " + missing);
            return;
        }
        agreementProtocol = ap;
        distributionProtocol = dp;
        running = true;
        live.clear();
        live.addAll(policy.senderIds());
        live.add(self());
        server = dp.openServer(new ServerCtx());
        heartbeat = rt().scheduler().schedule(HEARTBEAT_MS, this::heartbeat);
        if (policy.agreementIntervalS() > 0) {
            periodic = rt().scheduler().schedule(policy.agreementIntervalS() * 1000, this::periodicRerun);
        }
        beginAgreement();
    }

    private void periodicRerun() {
        if (!running) {
            return;
        }
        if (coordinator().equals(self()) && state == GroupState.KEYED) {
            log("periodic re-agreement (post-compromise security)");
            coordinate();
        }
        periodic = rt().scheduler().schedule(policy.agreementIntervalS() * 1000, this::periodicRerun);
    }

    /** Enters AGREEING: coordinates if this host is the lowest live sender, else waits for START. */
    private void beginAgreement() {
        state = GroupState.AGREEING;
        reason = "agreeing among " + live.size() + " senders";
        if (coordinator().equals(self())) {
            coordinate();
        } else {
            sendControl(hello(), toSenders());
            armWatchdog();
        }
    }

    private Destination toSenders() {
        return Destination.multicast(policy.group(), Audience.SENDERS);
    }

    private void coordinate() {
        cancel(rerun);
        long newRun = Math.max(Math.max(run, highestRunSeen) + 1, now());
        // epochs never repeat, also across a crash: a sender without memory of the group starts from its
        // clock (ms), which runs ahead of any epoch its earlier incarnation reached (< 1 epoch per ms)
        long base = Math.max(current == null ? Math.max(1, now()) : current.epoch() + 1, highestEpochSeen + 1);
        List<MemberId> members = new ArrayList<>(live);
        Control.Start start = new Control.Start(newRun, base, members);
        log("coordinating run " + newRun + " among " + members);
        if (members.size() > 1) {
            sendControl(start, toSenders());
            cancel(startResend);
            startResend = rt().scheduler().schedule(START_RESEND_MS, () -> resendStart(start));
        }
        beginRun(start);
    }

    private void resendStart(Control.Start start) {
        if (running && run == start.run() && state == GroupState.AGREEING) {
            sendControl(start, toSenders());
            startResend = rt().scheduler().schedule(START_RESEND_MS, () -> resendStart(start));
        }
    }

    private void armWatchdog() {
        cancel(watchdog);
        long runAtArm = run;
        watchdog = rt().scheduler().schedule(START_WAIT_MS, () -> {
            if (!running || state != GroupState.AGREEING || run != runAtArm || agreement != null) {
                return;
            }
            MemberId c = coordinator();
            if (!c.equals(self()) && now() - lastHeard.getOrDefault(c, -1L) > START_WAIT_MS) {
                log("no START from coordinator " + c + "; continuing without it");
                live.remove(c);
                count("agreement.coordinator-silent");
            }
            beginAgreement();
        });
    }

    private void beginRun(Control.Start start) {
        if (agreement != null) {
            agreement.close();
            agreement = null;
        }
        run = start.run();
        highestRunSeen = Math.max(highestRunSeen, run);
        baseEpoch = start.baseEpoch();
        runMembers = start.members();
        runFailed = false;
        state = GroupState.AGREEING;
        reason = "run " + run + " among " + runMembers.size() + " senders";
        count("agreement.runs");
        if (runMembers.size() == 1) {
            byte[] ks = rt().random().bytes(32);
            onAgreed(new AgreementResult(run, runMembers, ks, new byte[0]));
            return;
        }
        KeyAgreementProtocol ap = host.registry().agreement(policy.agreement());
        if (ap == null) {
            stop("agreement protocol '" + policy.agreement() + "' is not deployed");
            return;
        }
        agreementProtocol = ap;
        agreement = ap.open(new AgreementCtx(run));
        agreement.start(run, runMembers);
        while (!early.isEmpty() && agreement != null) {
            Object[] m = early.poll();
            agreement.onMessage((MemberId) m[0], (byte[]) m[1]);
        }
    }

    private void onAgreed(AgreementResult result) {
        cancel(startResend);
        cancel(watchdog);
        // the session stays open until the next run: members that missed its last messages ask again,
        // and only a session that finished can answer them
        senderSecret = result.secret();
        live.retainAll(result.members());
        live.addAll(result.members());
        long t = now();
        result.members().forEach(m -> lastHeard.put(m, t));
        count("agreement.completed");
        log("run " + run + " agreed among " + result.members() + ", epoch " + baseEpoch);
        enterEpoch(baseEpoch);
        runFailed = false;
        sendControl(hello(), toSenders());
    }

    /** @return this sender's heartbeat */
    private Control.Hello hello() {
        int st = state == GroupState.KEYED ? Control.Hello.KEYED
                : runFailed ? Control.Hello.FAILED : Control.Hello.AGREEING;
        return new Control.Hello(run, current == null ? 0 : current.epoch(), st);
    }

    private void enterEpoch(long epoch) {
        EpochKey ke = EpochKeys.derive(senderSecret, policy.group(), epoch);
        installEpoch(ke);
        state = GroupState.KEYED;
        reason = "";
        cancel(batchTimer);
        batchTimer = null;
        if (server != null) {
            server.rekey(ke);
            count("rekeys");
        }
    }

    /** Moves to a later epoch of the current run, announcing it to the other senders if this host chose it. */
    private void advanceTo(long epoch, boolean announce) {
        if (senderSecret == null || current == null || epoch <= current.epoch()) {
            return;
        }
        enterEpoch(epoch);
        if (announce) {
            sendControl(new Control.Epoch(run, epoch), toSenders());
        }
    }

    private void batchDue() {
        batchTimer = null;
        if (state == GroupState.KEYED && current != null) {
            log("batch of joins/leaves: epoch " + (current.epoch() + 1));
            advanceTo(current.epoch() + 1, true);
        }
        // otherwise the next agreement enters a new epoch, and server.rekey applies the batch then
    }

    private void heartbeat() {
        if (!running) {
            return;
        }
        sendControl(hello(), toSenders());
        long t = now();
        if (state == GroupState.KEYED) {
            // only the coordinator excludes silent members (it starts the run without them); the others
            // watch the coordinator alone, so that a lossy link cannot make them wait for a run nobody starts
            MemberId c = coordinator();
            if (c.equals(self())) {
                Set<MemberId> silent = new LinkedHashSet<>();
                for (MemberId m : live) {
                    if (!m.equals(self()) && t - lastHeard.getOrDefault(m, t) > DEAD_AFTER_MS) {
                        silent.add(m);
                    }
                }
                if (!silent.isEmpty()) {
                    log("senders silent for " + DEAD_AFTER_MS + " ms: " + silent + "; new run without them");
                    count("agreement.silent-senders");
                    live.removeAll(silent);
                    beginAgreement();
                }
            } else if (t - lastHeard.getOrDefault(c, t) > DEAD_AFTER_MS) {
                log("coordinator " + c + " silent for " + DEAD_AFTER_MS + " ms");
                count("agreement.coordinator-silent");
                live.remove(c);
                if (coordinator().equals(self())) {
                    beginAgreement();
                }
            }
        }
        heartbeat = rt().scheduler().schedule(HEARTBEAT_MS, this::heartbeat);
    }

    private void scheduleRerun() {
        if (rerun == null && coordinator().equals(self())) {
            rerun = rt().scheduler().schedule(RERUN_DEBOUNCE_MS, () -> {
                rerun = null;
                if (running && coordinator().equals(self())) {
                    coordinate();
                }
            });
        }
    }

    private void onControl(MemberId from, Control c) {
        lastHeard.put(from, now());
        if (c instanceof Control.Start s) {
            if (!s.members().contains(self())) {
                count("control.start-without-me");
                // we are alive but were left out: tell the coordinator
                sendControl(hello(), toSenders());
                return;
            }
            if (s.run() <= run) {
                count("control.start-stale");
                return;
            }
            live.clear();
            live.addAll(s.members());
            cancel(watchdog);
            beginRun(s);
            armWatchdogForRun();
        } else if (c instanceof Control.Hello h) {
            highestRunSeen = Math.max(highestRunSeen, h.run());
            highestEpochSeen = Math.max(highestEpochSeen, h.epoch());
            if (live.add(from)) {
                log("sender " + from + " is back");
                scheduleRerun();
                return;
            }
            if (coordinator().equals(self()) && h.state() == Control.Hello.FAILED && h.run() <= run
                    && (state == GroupState.KEYED || h.run() == run)) {
                // a member lost the run (its session timed out): only a new run can give it the key
                log("sender " + from + " failed run " + h.run() + ": starting a new run");
                count("agreement.member-failed");
                scheduleRerun();
            } else if (coordinator().equals(self()) && state == GroupState.AGREEING && h.run() < run
                    && runMembers.contains(from)) {
                sendControl(new Control.Start(run, baseEpoch, runMembers), Destination.unicast(policy.group(), from));
            } else if (h.run() == run && h.keyed() && state == GroupState.KEYED && current != null
                    && h.epoch() > current.epoch()) {
                advanceTo(h.epoch(), false);
            } else if (coordinator().equals(self()) && state == GroupState.KEYED && h.run() != run) {
                // a sender that missed our run (or kept an older one): start a new run that includes it
                scheduleRerun();
            }
        } else if (c instanceof Control.Epoch e) {
            if (e.run() == run && state == GroupState.KEYED) {
                // only a member holding this run's secret may step its epochs (one still agreeing would
                // derive the epoch from the previous run's secret)
                advanceTo(e.epoch(), false);
            } else if (e.run() > run) {
                sendControl(hello(), toSenders());
            }
        } else if (c instanceof Control.Bye b) {
            if (live.remove(from)) {
                log("sender " + from + " left");
                if (live.isEmpty()) {
                    live.add(self());
                }
                if (coordinator().equals(self())) {
                    scheduleRerun();
                }
            }
        }
    }

    /** A non-coordinator that started a run re-arms its watchdog against a run that never ends. */
    private void armWatchdogForRun() {
        long r = run;
        cancel(watchdog);
        watchdog = rt().scheduler().schedule(START_WAIT_MS * 6, () -> {
            if (running && run == r && state == GroupState.AGREEING) {
                log("run " + r + " did not finish; asking for a new one");
                if (agreement != null) {
                    agreement.close();
                    agreement = null;
                }
                beginAgreement();
            }
        });
    }

    private void sendControl(Control c, Destination to) {
        send(Envelope.Kind.CONTROL, to, ControlCodec.encode(c));
    }

    @Override
    AuthSession openerFor(Envelope.Kind kind, MemberId sender) {
        boolean fromSender = policy.senderIds().contains(sender);
        if (kind == Envelope.Kind.DISTRIBUTION) {
            if (fromSender) {
                count("ignored.other-server");
                return null;
            }
            return auth;
        }
        if (!fromSender) {
            count("rejected.not-a-sender");
            return null;
        }
        return auth;
    }

    @Override
    AuthSession sealerFor(Envelope.Kind kind) {
        return kind == Envelope.Kind.DISTRIBUTION ? rekeyAuth : auth;
    }

    @Override
    void onBody(Envelope.Kind kind, MemberId from, long epoch, byte[] body) {
        if (!running) {
            return;
        }
        switch (kind) {
            case CONTROL -> {
                try {
                    onControl(from, ControlCodec.decode(body));
                } catch (DecodeException e) {
                    count("rejected.malformed");
                    log("malformed control message from " + from + ": " + e.getMessage());
                }
            }
            case AGREEMENT -> {
                lastHeard.put(from, now());
                if (agreement != null) {
                    agreement.onMessage(from, body);
                } else if (state == GroupState.AGREEING && early.size() < BUFFER_LIMIT) {
                    // waiting for START: keep what the other members already sent for the new run
                    early.add(new Object[] {from, body});
                } else {
                    count("agreement.ignored");
                }
            }
            case DISTRIBUTION -> {
                if (server != null) {
                    server.onMessage(from, body);
                }
            }
        }
    }

    @Override
    void onExpired(SaId id, boolean hard) {
        super.onExpired(id, hard);
        if (!hard && isCurrentOutbound(id) && state == GroupState.KEYED) {
            log("MSA " + id + " reached its soft lifetime: renewing");
            advanceTo(current.epoch() + 1, true);
        }
    }

    @Override
    void stop(String why) {
        running = false;
        for (Cancellable c : new Cancellable[] {batchTimer, startResend, watchdog, heartbeat, rerun, periodic}) {
            cancel(c);
        }
        if (agreement != null) {
            agreement.close();
            agreement = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        senderSecret = null;
        state = GroupState.STOPPED;
        reason = why;
        log("stopped: " + why);
    }

    @Override
    void leave() {
        if (running) {
            sendControl(new Control.Bye(run), toSenders());
        }
        stop("left the group");
        deleteAllMsas();
        closeAuth();
    }

    @Override
    void registryChanged() {
        Registry r = host.registry();
        if (!running) {
            if (state == GroupState.WAITING_FOR_PROTOCOL || state == GroupState.STOPPED) {
                start();
            }
            return;
        }
        String why = null;
        if (commonComponentsChanged()) {
            why = "an authentication scheme of the group was undeployed or replaced";
        } else if (r.distribution(policy.distribution()) != distributionProtocol) {
            why = "distribution protocol '" + policy.distribution() + "' was "
                    + (r.distribution(policy.distribution()) == null ? "undeployed" : "replaced");
        } else if (policy.senders().size() > 1 && r.agreement(policy.agreement()) != agreementProtocol) {
            KeyAgreementProtocol now = r.agreement(policy.agreement());
            if (now != null) {
                // a new version: the next run uses it; start that run now if this host coordinates
                agreementProtocol = now;
                log("agreement protocol '" + policy.agreement() + "' replaced: " + r.describe(now));
                if (coordinator().equals(self())) {
                    scheduleRerun();
                }
                return;
            }
            why = "agreement protocol '" + policy.agreement() + "' was undeployed";
        }
        if (why != null) {
            stop(why);
            authScheme = null;
            rekeyScheme = null;
            start();
        }
    }

    @Override
    void policyChanged(GroupPolicy p) {
        boolean restart = !p.distribution().equals(policy.distribution()) || !p.auth().equals(policy.auth())
                || !p.rekeyAuth().equals(policy.rekeyAuth()) || !p.saSink().equals(policy.saSink())
                || !p.senders().equals(policy.senders()) || !p.params().equals(policy.params())
                || !p.credentials().equals(policy.credentials());
        boolean rerunOnly = !p.agreement().equals(policy.agreement());
        policy = p;
        if (restart) {
            stop("policy changed");
            authScheme = null;
            rekeyScheme = null;
            start();
        } else if (rerunOnly && running) {
            log("agreement protocol is now '" + p.agreement() + "': used from the next run");
            if (coordinator().equals(self())) {
                scheduleRerun();
            }
        }
    }

    @Override
    void fillStatus(Map<String, Object> out) {
        out.put("agreement", policy.senders().size() == 1 ? "single sender"
                : policy.agreement() + " " + host.registry().describe(agreementProtocol) + " run " + run);
        out.put("distribution", policy.distribution() + " " + host.registry().describe(distributionProtocol));
        out.put("senders", live.size());
        out.put("receivers", server == null ? 0 : server.members().size());
    }

    @Override
    Set<MemberId> members() {
        Set<MemberId> all = new TreeSet<>(live);
        if (server != null) {
            all.addAll(server.members());
        }
        return all;
    }

    @Override
    boolean rekeyNow() {
        if (state != GroupState.KEYED || current == null) {
            return false;
        }
        advanceTo(current.epoch() + 1, true);
        return true;
    }

    @Override
    boolean evict(MemberId receiver) {
        if (server == null) {
            return false;
        }
        server.evict(receiver);
        return true;
    }

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    /** Context of one agreement run; outputs of an older run are ignored. */
    private final class AgreementCtx extends SessionContext implements AgreementContext {
        private final long ctxRun;

        AgreementCtx(long run) {
            super(policy.agreement());
            this.ctxRun = run;
        }



        @Override
        public void send(Destination to, byte[] body) {
            if (ctxRun == run && running) {
                SenderGroup.this.send(Envelope.Kind.AGREEMENT, to, body);
            }
        }



        @Override
        public void agreed(AgreementResult result) {
            if (ctxRun == run && running && state == GroupState.AGREEING && result.run() == run) {
                onAgreed(result);
            }
        }

        @Override
        public void failed(long failedRun, String why, Set<MemberId> silent) {
            if (ctxRun != run || !running || failedRun != run) {
                return;
            }
            count("agreement.failed");
            SenderGroup.this.log("run " + run + " failed: " + why + "; silent: " + silent);
            if (agreement != null) {
                agreement.close();
                agreement = null;
            }
            if (coordinator().equals(self())) {
                // the coordinator decides who is silent: the next run goes without them
                Set<MemberId> drop = new TreeSet<>(silent);
                drop.remove(self());
                live.removeAll(drop);
                beginAgreement();
            } else if (silent.contains(coordinator())) {
                live.remove(coordinator());
                beginAgreement();
            } else {
                // tell the coordinator; it starts a new run (a member cannot know who else is silent)
                runFailed = true;
                state = GroupState.AGREEING;
                reason = "run " + run + " failed here; waiting for a new run";
                sendControl(hello(), toSenders());
                armWatchdog();
            }
        }
    }

    /** Context of the key server; lives as long as the group runs with this distribution protocol. */
    private final class ServerCtx extends SessionContext implements KeyServerContext {
        ServerCtx() {
            super(policy.distribution());
        }



        @Override
        public void send(Destination to, byte[] body) {
            if (running) {
                SenderGroup.this.send(Envelope.Kind.DISTRIBUTION, to, body);
            }
        }



        @Override
        public void membershipChanged() {
            if (batchTimer == null && running) {
                batchTimer = rt().scheduler().schedule(policy.rekeyBatchMillis(), SenderGroup.this::batchDue);
            }
        }
    }
}
