package org.miked.gmf.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.miked.api.MemberId;
import org.miked.api.auth.AuthException;
import org.miked.api.auth.AuthScheme;
import org.miked.api.auth.AuthSession;
import org.miked.api.auth.Authenticated;
import org.miked.api.dispatch.Destination;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.EpochKey;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.api.sa.SaSink;
import org.miked.common.crypto.Hkdf;
import org.miked.common.wire.DecodeException;
import org.miked.gmf.wire.Envelope;
import org.miked.gmf.wire.EnvelopeCodec;

/**
 * Key management of one group at one host: what senders and receivers share. Framing, sealing and
 * opening of envelopes, the per-sender replay windows, MSA installation per epoch and the status.
 * All methods run under the GMF lock.
 */
abstract class GroupSession {
    /** Previous-epoch MSAs stay installed this long so packets in flight still decrypt. */
    static final long MSA_GRACE_MS = 10_000;

    final Host host;
    GroupPolicy policy;
    final Map<String, Long> counters = new TreeMap<>();
    GroupState state = GroupState.WAITING_FOR_PROTOCOL;
    String reason = "not started";
    AuthScheme authScheme;
    AuthScheme rekeyScheme;
    AuthSession auth;
    AuthSession rekeyAuth;
    SaSink sink;
    EpochKey current;
    private final Map<MemberId, ReplayWindow> windows = new HashMap<>();
    private final TreeMap<Long, List<Msa>> installed = new TreeMap<>();

    GroupSession(Host host, GroupPolicy policy) {
        this.host = host;
        this.policy = policy;
    }

    final MemberId self() {
        return host.runtime().self();
    }

    final void count(String counter) {
        counters.merge(counter, 1L, Long::sum);
    }

    final void log(String line) {
        host.log("group " + policy.group() + ": " + line);
    }

    /**
     * Binds the authentication schemes and the sink the policy names.
     *
     * @return what is missing, or null if everything is there
     */
    String bindCommon() {
        Registry r = host.registry();
        AuthScheme a = r.auth(policy.auth());
        AuthScheme ra = r.auth(policy.rekeyAuth());
        if (a == null) {
            return "authentication scheme '" + policy.auth() + "' is not deployed";
        }
        if (ra == null) {
            return "authentication scheme '" + policy.rekeyAuth() + "' is not deployed";
        }
        if (r.sink(policy.saSink()) == null) {
            return "SA sink '" + policy.saSink() + "' is not deployed";
        }
        if (a != authScheme) {
            closeQuietly(auth);
            authScheme = a;
            auth = a.open(policy, host.runtime());
        }
        if (ra != rekeyScheme) {
            closeQuietly(rekeyAuth);
            rekeyScheme = ra;
            // the rekey scheme may speak on its own (TESLA key disclosure): an empty distribution body
            rekeyAuth = ra.open(policy, host.runtime(), ignored -> {
                if (policy.role() == org.miked.api.Role.SENDER) {
                    send(Envelope.Kind.DISTRIBUTION, Destination.multicast(policy.group(),
                            org.miked.api.dispatch.Audience.RECEIVERS), new byte[0]);
                }
            });
        }
        try {
            sink = host.sink(policy.saSink());
        } catch (SaException e) {
            return "SA sink '" + policy.saSink() + "' cannot work here: " + e.getMessage();
        }
        return null;
    }

    private void closeQuietly(AuthSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                log("closing an authentication session failed: " + e);
            }
        }
    }

    /** Closes the group's authentication sessions (the group is left). */
    final void closeAuth() {
        closeQuietly(auth);
        closeQuietly(rekeyAuth);
        auth = null;
        rekeyAuth = null;
        authScheme = null;
        rekeyScheme = null;
    }

    /** @return true if a component this group bound is no longer the deployed one */
    boolean commonComponentsChanged() {
        Registry r = host.registry();
        return (authScheme != null && r.auth(policy.auth()) != authScheme)
                || (rekeyScheme != null && r.auth(policy.rekeyAuth()) != rekeyScheme);
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

    abstract void fillStatus(Map<String, Object> out);

    abstract java.util.Set<MemberId> members();

    abstract boolean rekeyNow();

    abstract boolean evict(MemberId receiver);

    /** Handles one datagram whose prefix decoded as an envelope of this group. */
    final void onDatagram(Envelope header, byte[] datagram) {
        if (state == GroupState.STOPPED && auth == null) {
            count("ignored.stopped");
            return;
        }
        AuthSession opener = openerFor(header.kind(), header.sender());
        if (opener == null) {
            return;
        }
        List<Authenticated> verified;
        try {
            verified = opener.open(header.sender(), datagram);
        } catch (AuthException e) {
            count("rejected.auth");
            log("rejected " + header.kind() + " claimed from " + header.sender() + ": " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            count("rejected.auth");
            log("rejected " + header.kind() + " claimed from " + header.sender() + ": scheme failed: " + e);
            return;
        }
        for (Authenticated a : verified) {
            Envelope env;
            try {
                env = EnvelopeCodec.decodeExact(a.message());
            } catch (DecodeException e) {
                count("rejected.malformed");
                log("rejected authenticated message from " + a.from() + ": " + e.getMessage());
                continue;
            }
            if (!env.sender().equals(a.from()) || !env.group().equals(policy.group())) {
                count("rejected.mismatch");
                log("rejected message: envelope names " + env.sender() + "/" + env.group() + " but was authenticated for "
                        + a.from());
                continue;
            }
            if (!windows.computeIfAbsent(env.sender(), k -> new ReplayWindow()).accept(env.sequence())) {
                count("rejected.replay");
                log("rejected replayed or too old sequence " + Long.toUnsignedString(env.sequence()) + " from "
                        + env.sender());
                continue;
            }
            count("rx." + env.kind().name().toLowerCase());
            if (env.body().length == 0) {
                count("rx.scheme-only");
                continue;
            }
            onBody(env.kind(), env.sender(), env.epoch(), env.body());
        }
    }

    /** Frames, seals and transmits a body. */
    final void send(Envelope.Kind kind, Destination to, byte[] body) {
        AuthSession sealer = sealerFor(kind);
        if (sealer == null) {
            count("tx.unsealed-dropped");
            return;
        }
        long epoch = current == null ? 0 : current.epoch();
        Envelope env = new Envelope(kind, policy.group(), self(), epoch, host.nextSequence(), body);
        byte[] sealed;
        try {
            sealed = sealer.seal(EnvelopeCodec.encode(env));
        } catch (RuntimeException e) {
            count("tx.seal-failed");
            log("cannot seal " + kind + ": " + e.getMessage());
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

    /** Installs the MSAs of a new epoch key and schedules removal of older ones. */
    final void installEpoch(EpochKey key) {
        current = key;
        count("epochs");
        if (sink == null) {
            return;
        }
        List<Msa> msas = MsaDeriver.derive(policy, self(), key);
        List<Msa> done = new ArrayList<>();
        for (Msa m : msas) {
            try {
                sink.install(m);
                done.add(m);
            } catch (SaException e) {
                count("sa.install-failed");
                log("SA sink refused " + m + ": " + e.getMessage());
            }
        }
        installed.put(key.epoch(), done);
        long keep = key.epoch();
        host.runtime().scheduler().schedule(MSA_GRACE_MS, () -> deleteOlderThan(keep));
    }

    private void deleteOlderThan(long epoch) {
        var old = installed.headMap(epoch, false);
        for (List<Msa> list : old.values()) {
            for (Msa m : list) {
                deleteQuietly(m.id());
            }
        }
        old.clear();
    }

    final void deleteAllMsas() {
        for (List<Msa> list : installed.values()) {
            for (Msa m : list) {
                deleteQuietly(m.id());
            }
        }
        installed.clear();
    }

    private void deleteQuietly(SaId id) {
        try {
            if (sink != null) {
                sink.delete(id);
            }
        } catch (SaException e) {
            count("sa.delete-failed");
            log("SA sink could not delete " + id + ": " + e.getMessage());
        }
    }

    /** @return the MSAs this group installed and the sink still holds */
    final List<Msa> msas() {
        if (sink == null) {
            return List.of();
        }
        List<Msa> out = new ArrayList<>();
        for (Msa m : sink.list()) {
            if (m.group().equals(policy.group())) {
                out.add(m);
            }
        }
        return out;
    }

    /** An SA this group installed expired. */
    void onExpired(SaId id, boolean hard) {
        count(hard ? "sa.expired.hard" : "sa.expired.soft");
        if (hard) {
            installed.values().forEach(l -> l.removeIf(m -> m.id().equals(id)));
        }
    }

    /** @return true if this group installed an SA with this id (in any epoch still held) */
    final boolean owns(SaId id) {
        for (List<Msa> l : installed.values()) {
            for (Msa m : l) {
                if (m.id().equals(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return true if the SA belongs to the current epoch and this host sends with it */
    final boolean isCurrentOutbound(SaId id) {
        if (current == null) {
            return false;
        }
        List<Msa> l = installed.get(current.epoch());
        return l != null && l.stream().anyMatch(m -> m.id().equals(id) && m.sender().equals(self()));
    }

    /** What every protocol context of this group shares: policy, runtime, log lines and counters. */
    abstract class SessionContext implements org.miked.api.protocol.ProtocolContext {
        private final String protocol;

        SessionContext(String protocol) {
            this.protocol = protocol;
        }

        @Override
        public GroupPolicy policy() {
            return policy;
        }

        @Override
        public org.miked.api.runtime.HostRuntime runtime() {
            return host.runtime();
        }

        @Override
        public void log(String message) {
            GroupSession.this.log(protocol + ": " + message);
        }

        @Override
        public void count(String counter) {
            GroupSession.this.count(counter);
        }
    }

    final GroupStatus status() {
        Map<String, Object> extra = new HashMap<>();
        fillStatus(extra);
        int msaCount = installed.values().stream().mapToInt(List::size).sum();
        return new GroupStatus(policy.group(), policy.role(), state, reason, current == null ? 0 : current.epoch(),
                current == null ? "" : Hkdf.fingerprint(current.key()), (String) extra.getOrDefault("agreement", "-"),
                (String) extra.getOrDefault("distribution", "-"), (Integer) extra.getOrDefault("senders", 0),
                (Integer) extra.getOrDefault("receivers", 0), msaCount, counters);
    }
}
