package org.miked.gmf.core;

import java.util.List;
import java.util.Set;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.auth.AuthSession;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.Destination;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.EpochKey;
import org.miked.api.protocol.ProtocolContext;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaId;
import org.miked.api.sa.SaSink;
import org.miked.common.crypto.Hkdf;
import org.miked.gmf.wire.Envelope;
import org.miked.gmf.wire.EnvelopeIn;

/**
 * One group's key management at one host, the part both roles share: its lifecycle (start, stop,
 * {@link #restart}), its state and counters, and the wiring of the components that do the work:
 * {@link GroupComponents} (schemes and sink), {@link EnvelopeChannel} (sealing, opening, replay) and
 * {@link MsaLedger} (staged and committed MSAs). {@link SenderGroup} and {@link ReceiverGroup} add the
 * role. All methods run under the GMF lock.
 */
abstract class GroupSession implements GroupEvents {
    /** {@code rx.<kind>} per envelope kind (built once: every datagram counts one). */
    private static final String[] RX_COUNTERS = java.util.Arrays.stream(Envelope.Kind.values())
            .map(k -> "rx." + k.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);

    /**
     * What a role adds to the group's status.
     *
     * @param agreement agreement protocol in use, or "-"
     * @param distribution distribution protocol in use, or "-"
     * @param senders senders in the last agreement (at a receiver: in the policy)
     * @param receivers receivers served (0 at a receiver)
     */
    record RoleStatus(String agreement, String distribution, int senders, int receivers) {
    }

    final Host host;
    GroupPolicy policy;
    private final CounterSet counters = new CounterSet();
    GroupState state = GroupState.WAITING_FOR_PROTOCOL;
    String reason = "not started";
    EpochKey current;
    /** When (host clock, ms) {@link #current} was entered. */
    long enteredAt;
    final GroupComponents components;
    private final EnvelopeChannel channel;
    private final MsaLedger ledger = new MsaLedger(this);
    private final EpochSwitches switches;
    /** A sender's outbound MSA was refused at its switch time (the state says SA_REFUSED until one is taken). */
    private boolean outboundRefused;
    /** The highest epoch held, kept across restarts. */
    final EpochMark mark;

    GroupSession(Host host, GroupPolicy policy) {
        this.host = host;
        this.policy = policy;
        this.components = new GroupComponents(host);
        this.channel = new EnvelopeChannel(policy.group(), host, this);
        this.mark = new EpochMark(host.runtime().stateStore(), policy.group(), this);
        this.switches = new EpochSwitches(host.runtime(), ledger, components::sink, this::switched);
    }

    final MemberId self() {
        return host.runtime().self();
    }

    final HostRuntime rt() {
        return host.runtime();
    }

    @Override
    public final void count(String counter) {
        counters.increment(counter);
    }

    @Override
    public final void log(String line) {
        host.log("group " + policy.group() + ": " + line);
    }

    /**
     * Binds the authentication schemes and the sink the policy names.
     *
     * @return what is missing, or null if everything is there
     */
    final String bindCommon() {
        return components.bind(policy, ignored -> {
            // the rekey scheme may speak on its own (TESLA key disclosure): an empty distribution body
            if (policy.role() == Role.SENDER) {
                send(Envelope.Kind.DISTRIBUTION, Destination.multicast(policy.group(), Audience.RECEIVERS),
                        new byte[0]);
            }
        }, this::log);
    }

    /** Enters WAITING_FOR_PROTOCOL because something the policy names is missing. */
    final void waitFor(String missing) {
        state = GroupState.WAITING_FOR_PROTOCOL;
        reason = missing;
        log("waiting: " + missing);
    }

    /** Stops, forgets the bound schemes and starts again with what is deployed now. */
    final void restart(String why) {
        stop(why);
        components.forgetSchemes();
        start();
    }

    /** Closes the group's authentication sessions (the group is left). */
    final void closeAuth() {
        components.close(this::log);
    }

    /** Starts (or restarts) key management with the bound components. */
    abstract void start();

    /** Stops key management; MSAs already installed stay until their lifetime ends. */
    abstract void stop(String why);

    /** Leaves the group for good: tells peers where allowed, deletes MSAs. */
    abstract void leave();

    /** Deployed components changed: stop, restart or swap as needed. */
    abstract void registryChanged();

    /** A new policy for the same group. */
    abstract void policyChanged(GroupPolicy newPolicy);

    /** @return the scheme that opens a message of this kind from this sender, or null to ignore it */
    abstract AuthSession openerFor(Envelope.Kind kind, MemberId sender);

    /** @return the scheme that seals this host's messages of this kind */
    abstract AuthSession sealerFor(Envelope.Kind kind);

    /** An authenticated, fresh body arrived. */
    abstract void onBody(Envelope.Kind kind, MemberId from, long epoch, byte[] body);

    /** @return what the role adds to the status */
    abstract RoleStatus roleStatus();

    abstract Set<MemberId> members();

    abstract boolean rekeyNow();

    abstract boolean evict(MemberId receiver);

    /** @return false if this host cannot decide about receivers of the group (it is not a sender) */
    boolean pardon(MemberId receiver) {
        return false;
    }

    /** @return the receivers revoked group-wide, as this host knows them (empty at a receiver) */
    Set<MemberId> revoked() {
        return Set.of();
    }

    /**
     * Handles one datagram whose prefix decoded as an envelope of this group.
     *
     * @return true if a fresh envelope of the claimed sender, authenticated as that sender, came out of it
     */
    final boolean onDatagram(EnvelopeIn header, byte[] datagram) {
        if (state == GroupState.STOPPED && components.auth() == null) {
            count("ignored.stopped");
            return false;
        }
        AuthSession opener = openerFor(header.kind(), header.claimedSender());
        if (opener == null) {
            return false;
        }
        boolean authenticated = false;
        for (Envelope env : channel.open(header, datagram, opener)) {
            authenticated |= env.sender().equals(header.claimedSender());
            count(RX_COUNTERS[env.kind().ordinal()]);
            byte[] body = env.body();
            if (body.length == 0) {
                count("rx.scheme-only");
                continue;
            }
            onBody(env.kind(), env.sender(), env.epoch(), body);
        }
        return authenticated;
    }

    /** Frames, seals and transmits a body. */
    final void send(Envelope.Kind kind, Destination to, byte[] body) {
        AuthSession sealer = sealerFor(kind);
        if (sealer == null) {
            count("tx.unsealed-dropped");
            return;
        }
        MemberId recipient = to instanceof Destination.Unicast u ? u.to() : null;
        byte[] sealed = channel.seal(kind, recipient, current == null ? 0 : current.epoch(), body, sealer);
        if (sealed == null) {
            return;
        }
        if (policy.emcon()) {
            // never expected: the dispatcher drops and counts it; make the violation visible here too
            count("emcon.violations");
            log("BUG: a protocol tried to transmit in EMCON (" + kind + ")");
        }
        if (host.transmit(to, sealed)) {
            count("tx." + kind.name().toLowerCase());
        } else {
            count("tx.refused");
        }
    }

    /**
     * Makes a new epoch key current at a receiver: its MSAs (all inbound) go to the sink at once.
     *
     * @param key the new epoch key
     */
    final void enterKeyed(EpochKey key) {
        enterKeyed(key, Long.MIN_VALUE);
    }

    /**
     * Makes a new epoch key current: installs its inbound MSAs now and, at a sender, its own outbound MSA at
     * {@code switchAt} ({@link EpochSwitches}); older epochs go once no sender can still use them. The group is
     * KEYED only if the sink took the MSAs; after a refusal it is SA_REFUSED, with the sink's reason, and still
     * holds the key (a sender still serves its receivers with it).
     *
     * @param key the new epoch key
     * @param switchAt when this host starts sending under it (host clock ms), also for its first epoch
     */
    final void enterKeyed(EpochKey key, long switchAt) {
        current = key;
        enteredAt = rt().clock().millis();
        mark.hold(key.epoch());
        count("epochs");
        SaSink sink = components.sink();
        String refusal = null;
        if (sink != null) {
            // never at once, also not a sender's first epoch: a receiver admitted into an epoch after it began at
            // another sender would read what that sender sent before the receiver joined (the data plane's joiner
            // count found it at the group's start); and after a SIGKILL the kernel still sends under the SA the
            // killed daemon left, which the sink keeps until ours is in (issue 12)
            refusal = switches.enter(key.epoch(), MsaDeriver.derive(policy, self(), key, rt().cryptoMemo()), sink,
                    policy.timing(), switchAt);
        }
        if (refusal != null) {
            state = GroupState.SA_REFUSED;
            reason = refusal;
        } else if (outboundRefused) {
            state = GroupState.SA_REFUSED; // the last switch's reason stays until an outbound MSA is taken
        } else {
            state = GroupState.KEYED;
            reason = "";
        }
    }


    /**
     * Installs the MSAs of an epoch older than the current one that senders may still send under (a receiver that
     * missed its rekey got its key with a later one: issue 12). It never becomes current.
     *
     * @param key the earlier epoch's key
     * @return true if its MSAs were installed now (false: held already, too old to matter, or refused)
     */
    final boolean holdPast(EpochKey key) {
        SaSink sink = components.sink();
        if (sink == null || current == null || key.epoch() >= current.epoch() || current.epoch() - key.epoch() > 64
                || ledger.holds(key.epoch()) || key.epoch() < ledger.oldestEpoch()) {
            return false;
        }
        return switches.enter(key.epoch(), MsaDeriver.derive(policy, self(), key, rt().cryptoMemo()), sink,
                policy.timing(), Long.MIN_VALUE) == null;
    }

    /** Moves pending switches of epochs up to {@code upToEpoch} to {@code at} where they were later. */
    final void hastenSwitches(long upToEpoch, long at) {
        switches.hasten(upToEpoch, at);
    }

    /** @return the epoch this host sends under now, or 0 */
    final long activeEpoch() {
        return switches.activeEpoch();
    }

    /** @return when this host next switches epochs (host clock ms), or 0 when none is pending */
    final long nextSwitchAt() {
        return switches.nextSwitchAt();
    }

    /** The switch time of an epoch came and its outbound MSA went to the sink (or was refused). */
    private void switched(long epoch, Msa outbound, String refusal) {
        if (refusal == null) {
            count("epoch.switched");
            if (outboundRefused) {
                outboundRefused = false;
                if (state == GroupState.SA_REFUSED) {
                    state = GroupState.KEYED;
                    reason = "";
                }
            }
        } else {
            outboundRefused = true;
            if (state == GroupState.KEYED) {
                state = GroupState.SA_REFUSED;
                reason = refusal;
            }
        }
    }

    /** @return true if this host holds the current epoch key (KEYED, or SA_REFUSED by the sink) */
    final boolean keyed() {
        return state == GroupState.KEYED || state == GroupState.SA_REFUSED;
    }

    final void deleteAllMsas() {
        switches.cancelPending();
        SaSink sink = components.sink();
        ledger.deleteAll(sink);
        if (sink != null) {
            try {
                sink.sweepLeftovers(policy.group()); // what a killed incarnation left for the group, kept until now
            } catch (org.miked.api.sa.SaException e) {
                count("sa.delete-failed");
                log("SA sink could not delete what a killed incarnation left: " + e.getMessage());
            }
        }
    }

    /** @return the MSAs this group installed and the sink still holds */
    final List<Msa> msas() {
        SaSink sink = components.sink();
        if (sink == null) {
            return List.of();
        }
        return sink.list().stream().filter(m -> m.group().equals(policy.group())).toList();
    }

    /** @return the group's MSA the sink holds under this id, or empty */
    final java.util.Optional<Msa> installed(SaId id) {
        SaSink sink = components.sink();
        return sink == null ? java.util.Optional.empty()
                : sink.find(id).filter(m -> m.group().equals(policy.group()));
    }

    /** @return the outbound MSA the sink's kernel protects this host's data to the group with now, or empty */
    final java.util.Optional<Msa> sending() {
        SaSink sink = components.sink();
        org.miked.api.policy.SenderEntry me = policy.senders().stream().filter(s -> s.id().equals(self()))
                .findFirst().orElse(null);
        return sink == null || me == null ? java.util.Optional.empty()
                : sink.outboundFor(me.address(), policy.dataAddress()).filter(m -> m.group().equals(policy.group()));
    }

    /** An SA this group installed expired. */
    void onExpired(SaId id, boolean hard) {
        count(hard ? "sa.expired.hard" : "sa.expired.soft");
        if (hard) {
            ledger.forget(id);
        }
    }

    /** @return true if this group installed an SA with this id (in any epoch still held) */
    final boolean owns(SaId id) {
        return ledger.owns(id);
    }

    /** @return true if the SA belongs to the current epoch and this host sends with it */
    final boolean isCurrentOutbound(SaId id) {
        return current != null && ledger.isOutbound(id, current.epoch(), self());
    }

    /** What every protocol context of a group shares: policy, runtime, log lines and counters. */
    abstract static class SessionContext implements ProtocolContext {
        private final GroupSession group;
        private final String protocol;

        SessionContext(GroupSession group, String protocol) {
            this.group = group;
            this.protocol = protocol;
        }

        @Override
        public GroupPolicy policy() {
            return group.policy;
        }

        @Override
        public HostRuntime runtime() {
            return group.host.runtime();
        }

        @Override
        public void log(String message) {
            group.log(protocol + ": " + message);
        }

        @Override
        public void count(String counter) {
            group.count(counter);
        }
    }

    /** @return the reason shown now: {@link #reason}, with what a role adds that changes with time */
    String reasonNow() {
        return reason;
    }

    final GroupStatus status() {
        RoleStatus r = roleStatus();
        return new GroupStatus(policy.group(), policy.role(), state, reasonNow(), current == null ? 0 : current.epoch(),
                current == null ? "" : Hkdf.fingerprint(current.key()), r.agreement(), r.distribution(), r.senders(),
                r.receivers(), ledger.size(), counters.values());
    }
}
