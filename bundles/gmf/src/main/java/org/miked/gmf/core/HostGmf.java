package org.miked.gmf.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.gmf.GroupManager;
import org.miked.api.gmf.GroupStatus;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.api.sa.SaSink;
import org.miked.api.sa.SaSinkFactory;
import org.miked.common.wire.DecodeException;
import org.miked.gmf.wire.EnvelopeIn;
import org.miked.gmf.wire.EnvelopeCodec;

/**
 * The group management framework of one host (the paper's middle layer): the groups it joined and its
 * role in each, routing of incoming datagrams to the group's key management, MSAs to the SA sink, and
 * status. Cannot tell a real dispatcher from the simulated one. Every entry point takes this object's
 * lock, so the protocol sessions below run one call at a time.
 */
public final class HostGmf implements GroupManager, DatagramHandler, Host {
    private final MemberId self;
    private final Registry registry;
    private final HostPort port;
    private final HostRuntime runtime;
    private final Consumer<String> logSink;
    /** Bounds the lines a flood of rejected datagrams can write (counters count every one). */
    private final LogBudget logBudget;
    private final Map<GroupId, GroupSession> groups = new LinkedHashMap<>();
    /**
     * The group of the last datagram and its session (a datagram looks one up; a host is in one or two
     * groups); reset whenever {@link #groups} changes.
     */
    private GroupId lastGroup;
    private GroupSession lastSession;
    /** Groups this host left whose leave is still being delivered (the receiver waits for its ack). */
    private final Map<GroupId, ReceiverGroup> departures = new LinkedHashMap<>();
    /** A departure ends after this long even if the protocol is still at it. */
    static final long DEPARTURE_LIMIT_MS = 65_000;
    private final Map<String, SaSinkFactory> sinkFactories = new HashMap<>();
    private final Map<String, SaSink> sinks = new HashMap<>();
    private final Map<String, Long> hostCounters = new TreeMap<>();
    private final Runnable registryListener = this::onRegistryChanged;
    private final SequenceReserve sequence;
    private boolean closed;

    /**
     * @param dispatcher the dispatcher to attach to
     * @param self this host
     * @param registry the deployed protocols, schemes and sinks
     * @param logSink receives log lines of this host (may drop them)
     */
    public HostGmf(Dispatcher dispatcher, MemberId self, Registry registry, Consumer<String> logSink) {
        this.self = self;
        this.registry = registry;
        this.logSink = logSink;
        this.port = dispatcher.attach(self, this);
        this.logBudget = new LogBudget(port.runtime().clock());
        this.runtime = new LockedRuntime(port.runtime(), this, e -> {
            hostCounters.merge("errors.timer", 1L, Long::sum);
            log("timer task failed: " + e);
        });
        // sequence numbers start above anything an earlier incarnation of this host used, even if its clock went back
        this.sequence = new SequenceReserve(port.runtime().stateStore(), port.runtime().clock().millis(), why -> {
            hostCounters.merge("state.sequence-problem", 1L, Long::sum);
            log(why);
        });
        registry.addListener(registryListener);
    }

    @Override
    public MemberId self() {
        return self;
    }

    @Override
    public HostRuntime runtime() {
        return runtime;
    }

    @Override
    public boolean transmit(Destination to, byte[] datagram) {
        return port.send(to, datagram);
    }

    @Override
    public void listen(GroupPolicy policy, List<MemberId> servers) {
        if (!closed && groups.get(policy.group()) != null) {
            port.openGroup(new GroupChannel(policy.group(), policy.role(), policy.emcon(), policy.controlAddress(),
                    policy.controlPort(), policy.senders(), policy.excluded(), policy.rekeyAddresses(), servers));
        }
    }

    @Override
    public long nextSequence() {
        return sequence.next();
    }

    @Override
    public Registry registry() {
        return registry;
    }

    @Override
    public SaSink sink(String name) throws SaException {
        SaSinkFactory f = registry.sink(name);
        if (f == null) {
            throw new SaException("SA sink '" + name + "' is not deployed");
        }
        SaSink s = sinks.get(name);
        if (s != null && sinkFactories.get(name) == f) {
            return s;
        }
        if (s != null) {
            s.close();
        }
        s = f.open(port.runtime(), new SaEventListener() {
            @Override
            public void expired(SaId id, boolean hard) {
                runtime.scheduler().execute(() -> onExpired(id, hard));
            }
        });
        sinks.put(name, s);
        sinkFactories.put(name, f);
        return s;
    }

    @Override
    public void log(String line) {
        String admitted = logBudget.admit(line);
        if (admitted != null) {
            logSink.accept(self + " " + admitted);
        }
    }

    private void onExpired(SaId id, boolean hard) {
        for (GroupSession g : groups.values()) {
            if (g.owns(id)) {
                g.onExpired(id, hard);
                return;
            }
        }
    }

    /** Set by {@link #onDatagram} when the datagram being delivered authenticated (read by {@link #deliver}). */
    private boolean authenticated;

    @Override
    public synchronized boolean deliver(MemberId from, byte[] payload) {
        authenticated = false;
        onDatagram(from, payload);
        return authenticated;
    }

    @Override
    public synchronized void onDatagram(MemberId from, byte[] payload) {
        if (closed) {
            return;
        }
        EnvelopeIn header;
        try {
            header = EnvelopeCodec.decodePrefix(payload);
        } catch (DecodeException e) {
            hostCounters.merge("rejected.malformed", 1L, Long::sum);
            log("dropped malformed datagram from " + from + ": " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            hostCounters.merge("rejected.malformed", 1L, Long::sum);
            log("dropped datagram from " + from + ": decoder failed: " + e);
            return;
        }
        GroupSession g = header.group() == lastGroup ? lastSession : groups.get(header.group());
        if (g != null) {
            lastGroup = header.group();
            lastSession = g;
        } else {
            g = departures.get(header.group());
        }
        if (g == null) {
            hostCounters.merge("ignored.unknown-group", 1L, Long::sum);
            return;
        }
        try {
            authenticated = g.onDatagram(header, payload);
        } catch (RuntimeException e) {
            // a protocol bug must not take the host down or leak into other groups
            g.count("errors.protocol");
            log("group " + header.group() + ": protocol failed on a " + header.kind() + " message from "
                    + header.claimedSender() + ": " + e);
        }
        if (g instanceof ReceiverGroup r && departures.get(header.group()) == r && !r.departing()) {
            // the key server acknowledged the leave: end the departure now (a shutdown waits for it)
            endDeparture(header.group());
        }
    }

    @Override
    public synchronized void join(GroupPolicy policy) {
        if (closed) {
            throw new IllegalStateException("GMF of " + self + " is closed");
        }
        endDeparture(policy.group());
        GroupSession g = groups.get(policy.group());
        if (g != null && g.policy.role() == policy.role()) {
            g.policyChanged(policy);
            return;
        }
        if (g != null) {
            g.leave();
            port.closeGroup(policy.group());
        }
        port.openGroup(GroupChannel.of(policy));
        g = policy.role() == Role.SENDER ? new SenderGroup(this, policy) : new ReceiverGroup(this, policy);
        groups.put(policy.group(), g);
        lastGroup = null;
        log("joined group " + policy.group() + " as " + policy.role() + (policy.emcon() ? " (EMCON)" : ""));
        g.start();
    }

    @Override
    public synchronized boolean leave(GroupId group) {
        GroupSession g = groups.remove(group);
        lastGroup = null;
        if (g == null) {
            return false;
        }
        g.leave();
        log("left group " + group);
        if (g instanceof ReceiverGroup r && r.departing()) {
            // keep the channel (no keys) until the key server acknowledged the leave
            departures.put(group, r);
            long until = runtime.clock().millis() + DEPARTURE_LIMIT_MS;
            runtime.scheduler().schedule(DEPARTURE_CHECK_MS, new Runnable() {
                @Override
                public void run() {
                    if (departures.get(group) != r) {
                        return;
                    }
                    if (r.departing() && runtime.clock().millis() < until) {
                        runtime.scheduler().schedule(DEPARTURE_CHECK_MS, this);
                    } else {
                        endDeparture(group);
                    }
                }
            });
        } else {
            port.closeGroup(group);
        }
        return true;
    }

    /** How often a departure is checked for its end. */
    static final long DEPARTURE_CHECK_MS = 1_000;

    /** Ends a departure in progress (its protocol session and schemes close, the channel is left). */
    private void endDeparture(GroupId group) {
        ReceiverGroup r = departures.remove(group);
        if (r != null) {
            r.endDeparture();
            if (!groups.containsKey(group)) {
                port.closeGroup(group);
            }
            notifyAll();
        }
    }

    @Override
    public synchronized boolean rekey(GroupId group) {
        GroupSession g = groups.get(group);
        return g != null && g.rekeyNow();
    }

    @Override
    public synchronized boolean evict(GroupId group, MemberId receiver) {
        GroupSession g = groups.get(group);
        return g != null && g.evict(receiver);
    }

    /** @return the group's session, or null (tests in this package drive an insider through it) */
    synchronized GroupSession session(GroupId group) {
        return groups.get(group);
    }

    @Override
    public synchronized boolean pardon(GroupId group, MemberId receiver) {
        GroupSession g = groups.get(group);
        return g != null && g.pardon(receiver);
    }

    @Override
    public synchronized Set<MemberId> revoked(GroupId group) {
        GroupSession g = groups.get(group);
        return g == null ? Set.of() : g.revoked();
    }

    @Override
    public synchronized List<GroupStatus> groups() {
        List<GroupStatus> out = new ArrayList<>();
        groups.values().forEach(g -> out.add(g.status()));
        return out;
    }

    @Override
    public synchronized Optional<GroupStatus> status(GroupId group) {
        GroupSession g = groups.get(group);
        return g == null ? Optional.empty() : Optional.of(g.status());
    }

    @Override
    public synchronized long epoch(GroupId group) {
        GroupSession g = groups.get(group);
        return g == null || g.current == null ? 0 : g.current.epoch();
    }

    @Override
    public synchronized Set<MemberId> members(GroupId group) {
        GroupSession g = groups.get(group);
        return g == null ? Set.of() : g.members();
    }

    @Override
    public synchronized List<Msa> msas(GroupId group) {
        GroupSession g = groups.get(group);
        return g == null ? List.of() : g.msas();
    }

    @Override
    public synchronized java.util.Optional<Msa> installed(GroupId group, org.miked.api.sa.SaId id) {
        GroupSession g = groups.get(group);
        return g == null ? java.util.Optional.empty() : g.installed(id);
    }

    @Override
    public synchronized java.util.Optional<Msa> sending(GroupId group) {
        GroupSession g = groups.get(group);
        return g == null ? java.util.Optional.empty() : g.sending();
    }

    @Override
    public synchronized java.util.OptionalLong epochEnteredAt(GroupId group) {
        GroupSession g = groups.get(group);
        return g == null || g.current == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(g.enteredAt);
    }

    /** @return host-level counters (datagrams that reached no group) */
    public synchronized Map<String, Long> counters() {
        if (logBudget.suppressed() > 0) {
            hostCounters.put("log.suppressed", logBudget.suppressed());
        }
        return Map.copyOf(hostCounters);
    }

    private synchronized void onRegistryChanged() {
        if (closed) {
            return;
        }
        for (String name : new ArrayList<>(sinks.keySet())) {
            if (registry.sink(name) != sinkFactories.get(name)) {
                SaSink s = sinks.remove(name);
                sinkFactories.remove(name);
                s.close();
                for (GroupSession g : groups.values()) {
                    if (g.policy.saSink().equals(name) && g.components.dropSink(s)) {
                        g.stop("SA sink '" + name + "' was undeployed or replaced");
                    }
                }
            }
        }
        for (GroupSession g : new ArrayList<>(groups.values())) {
            try {
                g.registryChanged();
            } catch (RuntimeException e) {
                g.count("errors.protocol");
                log("group " + g.policy.group() + ": restart after a deployment change failed: " + e);
            }
        }
    }

    /**
     * Models a crash (SIGKILL) for tests: the host vanishes from the network without leaving its groups,
     * telling anyone or deleting anything.
     */
    synchronized void crash() {
        closed = true;
        registry.removeListener(registryListener);
        port.close();
    }

    /**
     * What {@link #shutdown} achieved.
     *
     * @param left the groups this host left
     * @param unacknowledged the groups whose leave the key server had not acknowledged when the wait ended
     * @param flushed whether the dispatcher had handed every datagram sent so far (LEAVE, BYE) to the network
     * @param millis how long the shutdown took
     */
    public record Shutdown(List<GroupId> left, List<GroupId> unacknowledged, boolean flushed, long millis) {
    }

    /**
     * The orderly end of this host (what SIGTERM runs, while protocols, schemes, sinks and the dispatcher are
     * all still there): leaves every group (a receiver's LEAVE, a sender's BYE; each group's MSAs are
     * deleted), waits until the key servers acknowledged the receivers' leaves and the dispatcher sent what
     * was queued, or until {@code waitMillis} of wall time have passed, then closes the host like
     * {@link #close()}. The wait releases this object's lock, so the dispatcher keeps delivering meanwhile.
     * Blocks the calling thread: never call it from the dispatcher's thread or a timer.
     *
     * @param waitMillis the longest wait for acknowledgements, at least 0
     * @return what was left, and what was still unacknowledged
     * @throws IllegalArgumentException if {@code waitMillis} is negative
     */
    public synchronized Shutdown shutdown(long waitMillis) {
        if (waitMillis < 0) {
            throw new IllegalArgumentException("shutdown wait must be at least 0 ms, got " + waitMillis);
        }
        long t0 = System.nanoTime();
        if (closed) {
            return new Shutdown(List.of(), List.of(), true, 0);
        }
        List<GroupId> left = new ArrayList<>(groups.keySet());
        left.forEach(this::leave);
        // the dispatcher runs tasks in the order they were handed over: once this one ran, what the leaves
        // sent before it has been handed to the network (the real dispatcher: to the kernel)
        boolean[] flushed = {left.isEmpty()};
        if (!left.isEmpty()) {
            runtime.scheduler().execute(() -> {
                flushed[0] = true;
                notifyAll();
            });
        }
        long deadline = t0 + waitMillis * 1_000_000;
        boolean interrupted = false;
        while (!(flushed[0] && departures.isEmpty())) {
            long remaining = (deadline - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                break;
            }
            try {
                wait(remaining);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        List<GroupId> unacked = new ArrayList<>(departures.keySet());
        boolean sent = flushed[0];
        log("shutdown: left " + left + (unacked.isEmpty() ? "" : ", leave not acknowledged in " + unacked)
                + (sent ? "" : ", datagrams still queued") + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new Shutdown(List.copyOf(left), List.copyOf(unacked), sent, (System.nanoTime() - t0) / 1_000_000);
    }

    /** @return true once the host was closed (or shut down): it joins nothing any more */
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void abandon() {
        if (closed) {
            return;
        }
        for (GroupSession g : groups.values()) {
            g.stop("abandoned");
            g.closeAuth();
        }
        groups.clear();
        lastGroup = null;
        for (GroupId g : new ArrayList<>(departures.keySet())) {
            endDeparture(g);
        }
        release();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (GroupId g : new ArrayList<>(groups.keySet())) {
            leave(g);
        }
        // the LEAVE copies are queued; retransmissions end with the host (shutdown() waits for the acks first)
        for (GroupId g : new ArrayList<>(departures.keySet())) {
            endDeparture(g);
        }
        release();
    }

    /** Lets go of the sinks, the registry and the dispatcher (the groups are gone). */
    private void release() {
        sinks.values().forEach(SaSink::close);
        sinks.clear();
        closed = true;
        registry.removeListener(registryListener);
        port.close();
    }
}
