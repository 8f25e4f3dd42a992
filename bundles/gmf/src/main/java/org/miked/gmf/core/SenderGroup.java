package org.miked.gmf.core;

import java.util.Set;
import java.util.TreeSet;
import org.miked.api.MemberId;
import org.miked.api.auth.AuthSession;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.Destination;
import org.miked.api.gmf.GroupState;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.EpochKey;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.api.protocol.KeyDistributionProtocol;
import org.miked.api.runtime.Cancellable;
import org.miked.api.sa.SaId;
import org.miked.common.wire.DecodeException;
import org.miked.gmf.wire.Control;
import org.miked.gmf.wire.ControlCodec;
import org.miked.gmf.wire.Envelope;

/**
 * A sender's key management for one group, as a facade: its lifecycle, and the routing of control,
 * agreement and distribution bodies to the parts that do the work: {@link SenderLiveness} (who is alive),
 * {@link AgreementCoordinator} (runs), {@link EpochChain} ({@code Ke(n)}) and {@link KeyServerHost} (its
 * receivers).
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

    private final SenderLiveness liveness = new SenderLiveness();
    private final EpochChain chain;
    private final AgreementCoordinator agreement;
    private final KeyServerHost server = new KeyServerHost(this, this::batchDue);
    private final Revocations revocations;
    /** Copies of each revocation sent to the other senders, and their spacing (loss: 30% is normal). */
    static final int REVOKE_COPIES = 10;
    static final long REVOKE_SPACING_MS = 2_000;
    private Cancellable heartbeat;
    private Cancellable periodic;
    private boolean running;
    /** Senders of the policy out of the last agreed run (a backup serves their receivers). */
    private Set<MemberId> down = Set.of();
    /** Members of the last agreed run (a run without one of them has secrecy urgency). */
    private Set<MemberId> lastRun = Set.of();

    SenderGroup(Host host, GroupPolicy policy) {
        super(host, policy);
        chain = new EpochChain(policy.group());
        chain.heldBefore(mark.held()); // a restarted sender starts above the epoch it held, whatever its clock says
        revocations = new Revocations(host.runtime().stateStore(), policy.group(), this);
        agreement = new AgreementCoordinator(this, liveness, chain);
    }

    boolean running() {
        return running;
    }

    /** @return the current agreement run */
    long run() {
        return agreement.run();
    }

    long now() {
        return rt().clock().millis();
    }

    Destination toSenders() {
        return Destination.multicast(policy.group(), Audience.SENDERS);
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
            waitFor(missing);
            return;
        }
        agreement.useProtocol(ap);
        running = true;
        liveness.reset(policy.senderIds(), self());
        server.open(dp);
        for (MemberId r : revocations.revoked()) {
            server.evict(r); // group-wide and across restarts: the key server refuses them from the start
        }
        heartbeat = rt().scheduler().schedule(HEARTBEAT_MS, this::heartbeat);
        if (policy.agreementIntervalS() > 0) {
            periodic = rt().scheduler().schedule(policy.agreementIntervalS() * 1000, this::periodicRerun);
        }
        agreement.beginAgreement();
    }

    private void periodicRerun() {
        if (!running) {
            return;
        }
        if (agreement.coordinating() && keyed()) {
            log("periodic re-agreement (post-compromise security)");
            agreement.coordinate();
        }
        periodic = rt().scheduler().schedule(policy.agreementIntervalS() * 1000, this::periodicRerun);
    }

    /**
     * A run agreed among {@code members} and the chain holds its secret: tell the key server who is alive (a
     * backup serves the receivers of senders that are not, from this run's first rekey on), enter the run's first
     * epoch and tell the others.
     */
    void onAgreed(long baseEpoch, java.util.List<MemberId> members) {
        Set<MemberId> live = new TreeSet<>(members);
        Set<MemberId> nowDown = new TreeSet<>(policy.senderIds());
        nowDown.removeAll(live);
        if (!nowDown.equals(down)) {
            if (!policy.backupReceivers().isEmpty()) {
                log(nowDown.isEmpty() ? "every sender is in the agreement again: backup receivers are no longer admitted"
                        : "senders out of the agreement " + nowDown + ": their receivers listed in backupReceivers "
                                + "are served here");
            }
            down = nowDown;
        }
        server.sendersAgreed(live);
        // a run without a sender of the last one has secrecy urgency (that sender knew the old secret); a periodic
        // run, or one that adds a sender, is distributed ahead of its use
        // this host's first run is urgent too: its receivers wait for their first data (issue 12)
        boolean urgent = lastRun.isEmpty() || !live.containsAll(lastRun);
        lastRun = live;
        enterEpoch(baseEpoch, now() + policy.timing().switchAfterMillis(urgent));
        agreement.clearRunFailed();
        sendControl(hello(), toSenders());
    }

    /** @return this sender's heartbeat */
    Control.Hello hello() {
        int st = keyed() ? Control.Hello.KEYED : agreement.runFailed() ? Control.Hello.FAILED : Control.Hello.AGREEING;
        return new Control.Hello(agreement.run(), current == null ? 0 : current.epoch(), st, nextSwitchAt(),
                activeEpoch());
    }

    /**
     * @param switchAt when senders send under the epoch
     */
    private void enterEpoch(long epoch, long switchAt) {
        EpochKey ke = chain.derive(epoch);
        enterKeyed(ke, switchAt);
        server.rekey(ke);
    }

    /**
     * When this host switches to a newer epoch another sender told it about. If that sender already sends under an
     * epoch newer than this host's, at once (the epochs in between switched already); else at its next switch, which
     * is no later than any epoch in between switches there. Never in this host's past, never beyond its own longest
     * switch delay (a faulty or hostile sender could otherwise keep the group on an old key, or a skewed clock on one
     * for long).
     *
     * @param nextSwitch the other's next switch (its clock), 0 if none
     * @param active the epoch the other sends under
     * @return the switch time on this host's clock
     */
    /**
     * Two key servers may choose the same epoch numbers at once (their batches cross), each with its own switch time;
     * a departed receiver must stop reading at the earlier. So the earlier wins everywhere: epochs up to the other's
     * active one switch now, those up to its current epoch no later than its next switch.
     */
    private void alignSwitches(long peerEpoch, long nextSwitch, long active) {
        if (active > 0) {
            hastenSwitches(active, now());
        }
        if (nextSwitch > 0) {
            hastenSwitches(peerEpoch, nextSwitch);
        }
    }

    long learnedSwitch(long nextSwitch, long active) {
        long now = now();
        if (current != null && active > current.epoch()) {
            return now;
        }
        return Math.min(Math.max(nextSwitch, now), now + policy.timing().switchAfterMillis(false));
    }

    /** Moves to a later epoch of the current run, announcing it to the other senders if this host chose it. */
    /** Farthest a sender may move the group's epoch beyond this one's, or beyond its clock (ms), at once. */
    static final long MAX_EPOCH_STEP = 1L << 32; // about 50 days of clock-based epochs: skewed clocks still agree

    /**
     * @return true if a peer's epoch is within {@link #MAX_EPOCH_STEP} of this host's epoch or clock: an
     *     authenticated but faulty or hostile sender could otherwise push the epoch near {@code Long.MAX_VALUE}
     *     and stop every later rekey (issue 10, finding 11)
     */
    private boolean plausibleEpoch(MemberId from, long epoch) {
        if (epochStepAllowed(current == null ? 0 : current.epoch(), now(), epoch)) {
            return true;
        }
        count("rejected.epoch-jump");
        log("ignored epoch " + epoch + " from " + from + ": more than " + MAX_EPOCH_STEP + " beyond epoch "
                + (current == null ? "-" : current.epoch()) + " and the clock");
        return false;
    }

    /** @return true if {@code proposed} is at most {@link #MAX_EPOCH_STEP} beyond both the current epoch and now */
    static boolean epochStepAllowed(long currentEpoch, long nowMillis, long proposed) {
        return proposed >= 0 && proposed - Math.max(Math.max(currentEpoch, nowMillis), 0) <= MAX_EPOCH_STEP;
    }

    /**
     * @param switchAt when senders send under the epoch (this host's clock)
     */
    private void advanceTo(long epoch, boolean announce, long switchAt) {
        if (!chain.hasSecret() || current == null || epoch <= current.epoch()) {
            return;
        }
        enterEpoch(epoch, switchAt);
        if (announce) {
            announce(epoch);
        }
    }

    private void announce(long epoch) {
        sendControl(new Control.Epoch(agreement.run(), epoch, nextSwitchAt(), activeEpoch()), toSenders());
    }

    /** Moves to the next epoch chosen here, switching after the activation delay or the lead. */
    private void step(boolean urgent) {
        advanceTo(current.epoch() + 1, true, now() + policy.timing().switchAfterMillis(urgent));
    }

    private void batchDue() {
        if (keyed() && current != null) {
            log("batch of joins/leaves: epoch " + (current.epoch() + 1));
            step(true);
        }
        // otherwise the next agreement enters a new epoch, and server.rekey applies the batch then
    }

    private void heartbeat() {
        if (!running) {
            return;
        }
        sendControl(hello(), toSenders());
        long t = now();
        if (keyed()) {
            // only the coordinator excludes silent members (it starts the run without them); the others
            // watch the coordinator alone, so that a lossy link cannot make them wait for a run nobody starts
            MemberId c = liveness.coordinator();
            if (c.equals(self())) {
                Set<MemberId> silent = liveness.silent(self(), t);
                if (!silent.isEmpty()) {
                    log("senders silent for " + SenderLiveness.DEAD_AFTER_MS + " ms: " + silent
                            + "; new run without them");
                    count("agreement.silent-senders");
                    liveness.removeAll(silent);
                    agreement.beginAgreement();
                }
            } else if (liveness.isSilent(c, t)) {
                log("coordinator " + c + " silent for " + SenderLiveness.DEAD_AFTER_MS + " ms");
                count("agreement.coordinator-silent");
                liveness.remove(c);
                if (agreement.coordinating()) {
                    agreement.beginAgreement();
                }
            }
        }
        heartbeat = rt().scheduler().schedule(HEARTBEAT_MS, this::heartbeat);
    }

    private void onControl(MemberId from, Control c) {
        liveness.heard(from, now());
        if (c instanceof Control.Start s) {
            agreement.onStart(s);
        } else if (c instanceof Control.Confirm k) {
            agreement.onConfirm(from, k);
        } else if (c instanceof Control.Hello h) {
            agreement.seenRun(h.run());
            if (!plausibleEpoch(from, h.epoch())) {
                return;
            }
            chain.seen(h.epoch());
            if (liveness.add(from)) {
                log("sender " + from + " is back");
                agreement.scheduleRerun();
            } else if (!agreement.onHello(from, h)) {
                if (h.run() == agreement.run() && h.keyed() && keyed() && current != null) {
                    alignSwitches(h.epoch(), h.switchAt(), h.active());
                }
                if (h.run() == agreement.run() && h.keyed() && keyed() && current != null
                        && h.epoch() > current.epoch()) {
                    advanceTo(h.epoch(), false, learnedSwitch(h.switchAt(), h.active()));
                } else if (agreement.coordinating() && keyed() && h.run() != agreement.run()) {
                    // a sender that missed our run (or kept an older one): start a new run that includes it
                    agreement.scheduleRerun();
                }
            }
        } else if (c instanceof Control.Epoch e) {
            if (!plausibleEpoch(from, e.epoch())) {
                return;
            }
            if (e.run() == agreement.run() && keyed()) {
                // only a member holding this run's secret may step its epochs (one still agreeing would
                // derive the epoch from the previous run's secret)
                alignSwitches(e.epoch(), e.switchAt(), e.active());
                advanceTo(e.epoch(), false, learnedSwitch(e.switchAt(), e.active()));
            } else if (e.run() > agreement.run()) {
                sendControl(hello(), toSenders());
            }
        } else if (c instanceof Control.Revoke v) {
            onRevoke(from, v);
        } else if (c instanceof Control.Bye && liveness.remove(from)) {
            log("sender " + from + " left");
            liveness.keepSelf(self());
            if (agreement.coordinating()) {
                agreement.scheduleRerun();
            }
        }
    }

    void sendControl(Control c, Destination to) {
        send(Envelope.Kind.CONTROL, to, ControlCodec.encode(c));
    }

    @Override
    AuthSession openerFor(Envelope.Kind kind, MemberId sender) {
        boolean fromSender = policy.isSender(sender);
        if (kind == Envelope.Kind.DISTRIBUTION) {
            if (fromSender) {
                count("ignored.other-server");
                return null;
            }
            if (!policy.serves(sender) && !policy.backsUp(sender) && down.isEmpty()) {
                // served only where the policy assigns it (the receivers list may be shared by the senders); while
                // a sender is down its receivers may come here: the key server answers them (backup or refusal)
                count("ignored.not-served");
                return null;
            }
            return components.auth();
        }
        if (!fromSender) {
            count("rejected.not-a-sender");
            return null;
        }
        return components.auth();
    }

    @Override
    AuthSession sealerFor(Envelope.Kind kind) {
        return kind == Envelope.Kind.DISTRIBUTION ? components.rekeyAuth() : components.auth();
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
                liveness.heard(from, now());
                agreement.onMessage(from, body);
            }
            case DISTRIBUTION -> server.onMessage(from, body);
        }
    }

    @Override
    void onExpired(SaId id, boolean hard) {
        super.onExpired(id, hard);
        if (!hard && isCurrentOutbound(id) && keyed()) {
            log("MSA " + id + " reached its soft lifetime: renewing, switching in "
                    + policy.timing().switchAfterMillis(false) + " ms");
            step(false);
        }
    }

    @Override
    void stop(String why) {
        running = false;
        down = Set.of();
        lastRun = Set.of();
        cancel(heartbeat);
        cancel(periodic);
        agreement.close();
        server.close();
        chain.forget();
        state = GroupState.STOPPED;
        reason = why;
        log("stopped: " + why);
    }

    @Override
    void leave() {
        if (running) {
            sendControl(new Control.Bye(agreement.run()), toSenders());
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
        if (components.schemesChanged(policy)) {
            why = "an authentication scheme of the group was undeployed or replaced";
        } else if (r.distribution(policy.distribution()) != server.protocol()) {
            why = "distribution protocol '" + policy.distribution() + "' was "
                    + (r.distribution(policy.distribution()) == null ? "undeployed" : "replaced");
        } else if (policy.senders().size() > 1 && r.agreement(policy.agreement()) != agreement.protocol()) {
            KeyAgreementProtocol now = r.agreement(policy.agreement());
            if (now != null) {
                // a new version: the next run uses it; start that run now if this host coordinates
                agreement.useProtocol(now);
                log("agreement protocol '" + policy.agreement() + "' replaced: " + r.describe(now));
                agreement.scheduleRerun();
                return;
            }
            why = "agreement protocol '" + policy.agreement() + "' was undeployed";
        }
        if (why != null) {
            restart(why);
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
            restart("policy changed");
        } else if (rerunOnly && running) {
            log("agreement protocol is now '" + p.agreement() + "': used from the next run");
            agreement.scheduleRerun();
        }
    }

    @Override
    RoleStatus roleStatus() {
        String ag = policy.senders().size() == 1 ? "single sender"
                : policy.agreement() + " " + host.registry().describe(agreement.protocol()) + " run " + agreement.run();
        return new RoleStatus(ag, policy.distribution() + " " + host.registry().describe(server.protocol()),
                liveness.size(), server.members().size());
    }

    @Override
    Set<MemberId> members() {
        Set<MemberId> all = new TreeSet<>(liveness.members());
        all.addAll(server.members());
        return all;
    }

    @Override
    boolean rekeyNow() {
        if (!keyed() || current == null) {
            return false;
        }
        step(true);
        return true;
    }

    @Override
    boolean evict(MemberId receiver) {
        return decide(receiver, true);
    }

    @Override
    boolean pardon(MemberId receiver) {
        return decide(receiver, false);
    }

    @Override
    Set<MemberId> revoked() {
        return revocations.revoked();
    }

    /** An operator's decision here: kept, applied, and told to every other sender. */
    private boolean decide(MemberId receiver, boolean revoked) {
        if (!running) {
            return false;
        }
        long at = now();
        revocations.decide(receiver, revoked, at);
        apply(receiver, revoked);
        log((revoked ? "revoked " : "pardoned ") + receiver + " (told to every sender)");
        Control.Revoke c = new Control.Revoke(receiver, revoked, at);
        for (int i = 0; i < REVOKE_COPIES; i++) {
            rt().scheduler().schedule(i * REVOKE_SPACING_MS, () -> {
                if (running) {
                    sendControl(c, toSenders());
                }
            });
        }
        return true;
    }

    private void apply(MemberId receiver, boolean revoked) {
        if (revoked) {
            server.evict(receiver);
            count("revocations.applied");
        } else {
            server.pardon(receiver);
            count("pardons.applied");
        }
    }

    /** Another sender's decision: held if newer than ours, then applied. */
    private void onRevoke(MemberId from, Control.Revoke v) {
        if (revocations.decide(v.receiver(), v.revoked(), v.at())) {
            log((v.revoked() ? "revoked " : "pardoned ") + v.receiver() + " as " + from + " decided");
            apply(v.receiver(), v.revoked());
        }
    }

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }
}
