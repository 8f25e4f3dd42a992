package org.miked.sim.network.internal;

import org.miked.common.net.AddressFilter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.TrafficStats;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.CryptoMemo;
import org.miked.common.crypto.Randoms;
import org.miked.common.event.VirtualTime;
import org.miked.sim.network.DeliveryObserver;
import org.miked.sim.network.DropReason;
import org.miked.sim.network.Link;
import org.miked.sim.network.LinkModel;
import org.miked.sim.network.LinkStats;

/**
 * The simulated network behind {@link org.miked.sim.network.SimNetwork}: hosts, group memberships,
 * routing, the link model, counters and the one virtual-time event queue. All state is guarded by one
 * lock, which the thread driving the simulation holds while events run; the only call that never waits
 * for it is {@link #scheduleFor} / {@link #schedule} from another thread, which queues the task and hands
 * it over at the next event (the host-runtime contract: other threads pass work to a host with
 * {@code execute}).
 *
 * <p>Multicast follows the hosts' channels as IP multicast would: a datagram goes to one address of its
 * group (the sender's rekey channel for {@code RECEIVERS}, the control address otherwise, the rule of
 * {@code GroupChannel.multicastAddress}) and reaches the hosts of the audience's role that joined that
 * address ({@code GroupChannel.listenAddresses}). With per-server rekey channels a receiver therefore gets
 * its own key server's rekeys only.
 *
 * <p>Determinism: one {@link SplittableRandom} seeded with the scenario seed decides loss, jitter and
 * duplication of every copy, in the order copies are sent; hosts iterate in the order they opened a
 * group; the event queue breaks ties by scheduling order. Same seed and same scenario give the same run.
 */
public final class Engine {
    private static final System.Logger LOG = System.getLogger("org.miked.sim.network");
    private final long seed;
    private final LinkModel model;
    private final VirtualTime time = new VirtualTime();
    private final SplittableRandom rng;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Handover> inbox = new ConcurrentLinkedQueue<>();
    private final HostTable hosts = new HostTable();
    private final Map<GroupId, GroupTable> groups = new HashMap<>();
    private final Map<List<String>, AddressFilter> filters = new HashMap<>();
    private final Counters counters = new Counters();
    private final List<DeliveryObserver> observers = new CopyOnWriteArrayList<>();
    private SharedCrypto shared = new SharedCrypto(true);
    private volatile boolean shareCrypto = true;

    /**
     * The hosts that joined one multicast address of a group, by role, in the order they opened it (fan-out
     * iterates these). A group has one for its control address and one per per-server rekey channel.
     */
    private static final class Channel {
        final LinkedHashSet<SimHost> senders = new LinkedHashSet<>();
        final LinkedHashSet<SimHost> receivers = new LinkedHashSet<>();
        /** The hosts' indices in the sets' order, rebuilt after a change (a fan-out reads no host object). */
        private int[] senderIndices;
        private int[] receiverIndices;

        LinkedHashSet<SimHost> of(Role r) {
            senderIndices = null;
            receiverIndices = null;
            return r == Role.SENDER ? senders : receivers;
        }

        int[] indices(Role r) {
            if (r == Role.SENDER) {
                if (senderIndices == null) {
                    senderIndices = senders.stream().mapToInt(h -> h.index).toArray();
                }
                return senderIndices;
            }
            if (receiverIndices == null) {
                receiverIndices = receivers.stream().mapToInt(h -> h.index).toArray();
            }
            return receiverIndices;
        }

        boolean isEmpty() {
            return senders.isEmpty() && receivers.isEmpty();
        }
    }

    /** One group's multicast addresses and who joined each. */
    private static final class GroupTable {
        final Map<String, Channel> channels = new HashMap<>();

        void join(SimHost h, Membership m) {
            for (String a : m.listen()) {
                channels.computeIfAbsent(a, x -> new Channel()).of(m.role()).add(h);
            }
        }

        void leave(SimHost h, Membership m) {
            for (String a : m.listen()) {
                Channel c = channels.get(a);
                if (c != null) {
                    c.of(m.role()).remove(h);
                    if (c.isEmpty()) {
                        channels.remove(a);
                    }
                }
            }
        }
    }

    /** A task handed over from another thread; cancellable before and after it is queued. */
    private static final class Handover implements Cancellable {
        final long delay;
        final Runnable task;
        volatile boolean cancelled;

        Handover(long delay, Runnable task) {
            this.delay = delay;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /**
     * @param seed scenario seed
     * @param model link model, read live
     */
    public Engine(long seed, LinkModel model) {
        this.seed = seed;
        this.model = Objects.requireNonNull(model, "model");
        this.rng = new SplittableRandom(seed);
    }

    /** @return the scenario seed */
    public long seed() {
        return seed;
    }

    /** @return the link model */
    public LinkModel model() {
        return model;
    }

    /** @return the shared virtual clock */
    public Clock clock() {
        return time;
    }

    // ---------------------------------------------------------------- hosts and groups

    /**
     * @param id host
     * @param handler its datagram handler
     * @return its port
     * @throws IllegalStateException if the host is attached already
     */
    public SimHost attach(MemberId id, DatagramHandler handler) {
        Objects.requireNonNull(id, "host");
        Objects.requireNonNull(handler, "handler");
        lock.lock();
        try {
            int i = hosts.indexOf(id);
            if (hosts.port(i) != null) {
                throw new IllegalStateException("host " + id + " is already attached to this network");
            }
            // the first incarnation draws exactly Randoms.deterministic(seed, id); a re-attached
            // (restarted) host gets a fresh stream so that it does not repeat its nonces
            int incarnation = hosts.incarnation(i);
            String label = incarnation == 0 ? id.id() : id.id() + "#" + incarnation;
            SimHost h = new SimHost(this, i, id, handler, Randoms.deterministic(seed, label));
            hosts.attach(i, h);
            return h;
        } finally {
            lock.unlock();
        }
    }

    /** Each host id's records: they outlive a host's restart (re-attach), as a disk would. */
    private final java.util.Map<Integer, org.miked.api.runtime.StateStore> stores = new java.util.HashMap<>();

    /** @return the state store of the host with this index (created on first use) */
    org.miked.api.runtime.StateStore stateStore(int index) {
        synchronized (stores) {
            return stores.computeIfAbsent(index, i -> new org.miked.common.state.MemoryStateStore());
        }
    }

    void detach(SimHost h) {
        lock.lock();
        try {
            if (h.closed) {
                return;
            }
            h.closed = true;
            for (GroupId g : h.memberships().keySet()) {
                closeGroup0(h, g);
            }
            hosts.detach(h.index, h);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A crash (power cut, SIGKILL): the host's current port closes as {@code port.close()} would, without
     * anything being sent. Its GMF object is left to the caller to drop.
     *
     * @param id host
     * @return false if it is not attached
     */
    public boolean crash(MemberId id) {
        lock.lock();
        try {
            int i = hosts.find(id);
            SimHost h = i < 0 ? null : hosts.port(i);
            if (h == null) {
                return false;
            }
            detach(h);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return how often the host was attached (1 for its first incarnation, 0 if never) */
    public int incarnation(MemberId id) {
        return locked(() -> {
            int i = hosts.find(id);
            return i < 0 ? 0 : hosts.incarnation(i);
        });
    }

    void openGroup(SimHost h, GroupChannel channel) {
        Objects.requireNonNull(channel, "channel");
        lock.lock();
        try {
            if (h.closed) {
                throw new IllegalStateException("port of " + h.id + " is closed");
            }
            AddressFilter f = filters.computeIfAbsent(channel.excluded(), AddressFilter::of);
            Membership m = new Membership(channel.role(), channel.emcon(), f, channel.listenAddresses(),
                    channel.controlAddress(), channel.multicastAddress(Audience.RECEIVERS, h.id));
            Membership before = h.putMembership(channel.group(), m);
            GroupTable t = groups.computeIfAbsent(channel.group(), g -> new GroupTable());
            if (before != null) {
                t.leave(h, before);
            }
            t.join(h, m);
        } finally {
            lock.unlock();
        }
    }

    void closeGroup(SimHost h, GroupId group) {
        lock.lock();
        try {
            closeGroup0(h, group);
        } finally {
            lock.unlock();
        }
    }

    private void closeGroup0(SimHost h, GroupId group) {
        Membership m = h.removeMembership(group);
        GroupTable t = groups.get(group);
        if (m != null && t != null) {
            t.leave(h, m);
            if (t.channels.isEmpty()) {
                groups.remove(group);
            }
        }
    }

    /**
     * @param id host (need not be attached yet)
     * @param down true to take it down (it neither sends nor receives), false to bring it up
     */
    public void setDown(MemberId id, boolean down) {
        lock.lock();
        try {
            hosts.setDown(hosts.indexOf(id), down);
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the host is down */
    public boolean isDown(MemberId id) {
        return locked(() -> {
            int i = hosts.find(id);
            return i >= 0 && hosts.isDown(i);
        });
    }

    /** @return hosts currently attached */
    public int attachedHosts() {
        return locked(() -> {
            int n = 0;
            for (int i = 0; i < hosts.size(); i++) {
                if (hosts.port(i) != null) {
                    n++;
                }
            }
            return n;
        });
    }

    // ---------------------------------------------------------------- sending and delivery

    boolean send(SimHost from, Destination to, byte[] payload) {
        Objects.requireNonNull(to, "destination");
        Objects.requireNonNull(payload, "payload");
        lock.lock();
        try {
            if (from.closed) {
                return false;
            }
            GroupId g = to.group();
            Membership own = from.membership(g);
            if (own != null && own.emcon()) {
                long n = ++counters.emconPacketsSent;
                if (Counters.worthLogging(n)) {
                    LOG.log(System.Logger.Level.WARNING, "EMCON violation #{0}: {1} tried to send {2} bytes to {3} at t={4} ms",
                            n, from.id, payload.length, to, time.millis());
                }
                return false;
            }
            byte[] data = payload.clone();
            long now = time.millis();
            if (to instanceof Destination.Unicast u) {
                int t = hosts.find(u.to());
                if (t < 0) {
                    counters.dropped(DropReason.NO_ROUTE, null);
                    notifyDropped(from.id, u.to(), g, DropReason.NO_ROUTE);
                    return false;
                }
                counters.sent(data.length);
                hosts.countSent(from.index, data.length);
                transmit(from, t, u.to(), g, null, data, now);
                return true;
            }
            Destination.Multicast m = (Destination.Multicast) to;
            if (own == null) {
                // like a real host: no group socket, no multicast address to send to
                counters.dropped(DropReason.NO_ROUTE, null);
                return false;
            }
            counters.sent(data.length);
            hosts.countSent(from.index, data.length);
            GroupTable t = groups.get(g);
            String address = m.audience() == Audience.RECEIVERS ? own.rekey() : own.control();
            Channel c = t == null ? null : t.channels.get(address);
            if (c != null) {
                switch (m.audience()) {
                    case SENDERS -> fanOut(from, c.indices(Role.SENDER), g, address, data, now);
                    case RECEIVERS -> fanOut(from, c.indices(Role.RECEIVER), g, address, data, now);
                    case ALL -> {
                        fanOut(from, c.indices(Role.SENDER), g, address, data, now);
                        fanOut(from, c.indices(Role.RECEIVER), g, address, data, now);
                    }
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One copy per listed host but the sender. With one link for every pair and no partition (the scenarios'
     * network), the link and its counters are looked up once, not per copy; the copies draw the same random
     * numbers in the same order either way.
     */
    private void fanOut(SimHost from, int[] members, GroupId g, String address, byte[] data, long now) {
        Link uniform = model.uniformLink();
        if (uniform == null || model.hasPartitions()) {
            for (int to : members) {
                if (to != from.index) {
                    transmit(from, to, hosts.id(to), g, address, data, now);
                }
            }
            return;
        }
        long[] lc = counters.link(uniform.name());
        for (int to : members) {
            if (to != from.index) {
                transmit(from, to, null, g, address, data, now, uniform, lc, false);
            }
        }
    }

    /** @param address the multicast address it was sent to, or null for unicast */
    private void transmit(SimHost from, int to, MemberId toId, GroupId g, String address, byte[] data, long now) {
        Link link = model.linkFor(from.id, toId);
        transmit(from, to, toId, g, address, data, now, link, counters.link(link.name()), true);
    }

    /**
     * @param toId the receiver's id, or null to look it up only if needed
     * @param partitions false if the model has no partition (nothing to check)
     */
    private void transmit(SimHost from, int to, MemberId toId, GroupId g, String address, byte[] data, long now,
            Link link, long[] lc, boolean partitions) {
        lc[Counters.COPIES]++;
        lc[Counters.BYTES] += data.length;
        DropReason r = null;
        if (hosts.isDown(from.index) || hosts.isDown(to)) {
            r = DropReason.DOWN;
        } else if (partitions && model.partitioned(from.id, toId, now)) {
            r = DropReason.PARTITION;
        } else if (link.loss() > 0 && rng.nextDouble() < link.loss()) {
            r = DropReason.LOSS;
        }
        if (r != null) {
            drop(r, lc, from.id, toId == null ? hosts.id(to) : toId, g);
            return;
        }
        int fromIndex = from.index;
        byte[] copy = data;
        if (link.corrupt() > 0 && rng.nextDouble() < link.corrupt() && data.length > 0) {
            copy = data.clone();
            int bit = rng.nextInt(data.length * 8);
            copy[bit >>> 3] ^= (byte) (1 << (bit & 7));
            counters.corrupted++;
        }
        byte[] sent = copy;
        time.schedule(delay(link), () -> deliver(fromIndex, to, g, address, sent, lc));
        if (link.duplicate() > 0 && rng.nextDouble() < link.duplicate()) {
            time.schedule(delay(link), () -> deliver(fromIndex, to, g, address, sent, lc));
        }
    }

    private long delay(Link link) {
        return link.delayMillis() + (link.jitterMillis() > 0 ? rng.nextLong(link.jitterMillis() + 1) : 0);
    }

    /** Runs as an event, with the lock held by the driving thread. */
    private void deliver(int from, int to, GroupId g, String address, byte[] data, long[] lc) {
        drainInbox();
        MemberId fromId = hosts.id(from);
        MemberId toId = hosts.id(to);
        SimHost h = hosts.port(to);
        Membership m = h == null ? null : h.membership(g);
        DropReason r = null;
        if (hosts.isDown(to)) {
            r = DropReason.DOWN;
        } else if (m == null || (address != null && !m.listensTo(address))) {
            r = DropReason.NOT_LISTENING;
        } else if (m.filter().excludes(fromId)) {
            r = DropReason.FILTERED;
        }
        if (r != null) {
            drop(r, lc, fromId, toId, g);
            return;
        }
        counters.delivered(lc);
        hosts.countReceived(to, data.length);
        for (DeliveryObserver o : observers) {
            o.delivered(time.millis(), fromId, toId, g, data);
        }
        // every receiver of a multicast gets the same array (the handler contract forbids changing it; copying
        // it was a ninth of a 100,000-receiver run); with assertions on, as in every test, a handler that
        // changes it fails at once
        int before = 0;
        assert (before = java.util.Arrays.hashCode(data)) == before;
        try {
            h.handler.onDatagram(fromId, data);
        } catch (RuntimeException e) {
            long n = ++counters.handlerFailures;
            if (Counters.worthLogging(n)) {
                LOG.log(System.Logger.Level.WARNING, "handler of {0} threw on a datagram from {1} at t={2} ms: {3} (failure #{4})",
                        toId, fromId, time.millis(), e, n);
            }
        }
        assert java.util.Arrays.hashCode(data) == before : "the handler of " + toId + " changed a datagram it was given";
    }

    private void drop(DropReason r, long[] lc, MemberId from, MemberId to, GroupId g) {
        counters.dropped(r, lc);
        notifyDropped(from, to, g, r);
    }

    private void notifyDropped(MemberId from, MemberId to, GroupId g, DropReason r) {
        for (DeliveryObserver o : observers) {
            o.dropped(time.millis(), from, to, g, r);
        }
    }

    // ---------------------------------------------------------------- time

    Cancellable scheduleFor(SimHost h, long delayMillis, Runnable task) {
        Objects.requireNonNull(task, "task");
        return submit(delayMillis, () -> runHostTask(h, task));
    }

    /**
     * Schedules a scenario event. Its exceptions propagate out of {@link #runUntil}: a broken scenario
     * should stop the run, unlike a broken host.
     *
     * @param delayMillis delay from now
     * @param task the event
     * @return handle to cancel it
     */
    public Cancellable schedule(long delayMillis, Runnable task) {
        Objects.requireNonNull(task, "task");
        return submit(delayMillis, () -> {
            drainInbox();
            task.run();
        });
    }

    private Cancellable submit(long delayMillis, Runnable event) {
        if (lock.isHeldByCurrentThread()) {
            // an event scheduling another: the driving thread already holds the lock (re-entrant hold
            // must not be released here)
            return time.schedule(delayMillis, event);
        }
        if (lock.tryLock()) {
            try {
                return time.schedule(delayMillis, event);
            } finally {
                lock.unlock();
            }
        }
        Handover ho = new Handover(delayMillis, event);
        inbox.add(ho);
        return ho;
    }

    /** Moves tasks handed over by other threads onto the queue; caller holds the lock. */
    private void drainInbox() {
        Handover ho;
        while ((ho = inbox.poll()) != null) {
            if (!ho.cancelled) {
                Handover h = ho;
                time.schedule(h.delay, () -> {
                    if (!h.cancelled) {
                        h.task.run();
                    }
                });
            }
        }
    }

    private void runHostTask(SimHost h, Runnable task) {
        drainInbox();
        if (h.closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            long n = ++counters.taskFailures;
            if (Counters.worthLogging(n)) {
                LOG.log(System.Logger.Level.WARNING, "timer task of {0} threw at t={1} ms: {2} (failure #{3})",
                        h.id, time.millis(), e, n);
            }
        }
    }

    /**
     * @param untilMillis absolute virtual time
     * @return events run
     */
    public long runUntil(long untilMillis) {
        return locked(() -> {
            drainInbox();
            return time.runUntil(untilMillis);
        });
    }

    /**
     * @param limitMillis absolute virtual time bound
     * @return true if the queue drained before the bound
     */
    public boolean runUntilIdle(long limitMillis) {
        return locked(() -> {
            drainInbox();
            return time.runUntilIdle(limitMillis);
        });
    }

    /** @return virtual time in ms */
    public long now() {
        return locked(time::millis);
    }

    /** @return events waiting in the queue */
    public int pending() {
        return locked(() -> time.pending() + inbox.size());
    }

    // ---------------------------------------------------------------- shared cryptography

    /** @return what the hosts' authentication schemes share verification results through */
    CryptoMemo cryptoMemo() {
        return shareCrypto ? shared : CryptoMemo.NONE;
    }

    /** @param on false to have every host run every check itself (the outcome is the same) */
    public void shareCrypto(boolean on) {
        shareCrypto = on;
    }

    /**
     * @param on false to run every shared verification on the simulation's own thread (same outcomes)
     */
    public void cryptoAhead(boolean on) {
        lock.lock();
        try {
            shared = new SharedCrypto(on);
        } finally {
            lock.unlock();
        }
    }

    /** @return {work answered from the shared results, work done, verifications run ahead} */
    public long[] sharedCryptoCounts() {
        return shared.counts();
    }

    // ---------------------------------------------------------------- observation

    /** @param o observer to add */
    public void addObserver(DeliveryObserver o) {
        observers.add(Objects.requireNonNull(o, "observer"));
    }

    /** @param o observer to remove */
    public void removeObserver(DeliveryObserver o) {
        observers.remove(o);
    }

    /** @return the API's counters */
    public TrafficStats stats() {
        return locked(() -> counters.stats(hosts));
    }

    /** @return the API's counters without the per-host map */
    public TrafficStats totals() {
        return locked(counters::totals);
    }

    /**
     * @param id host
     * @return its counters (zeros if never seen)
     */
    public TrafficStats.HostTraffic hostStats(MemberId id) {
        return locked(() -> Counters.hostTraffic(hosts, hosts.find(id)));
    }

    /** @return drops by reason (every reason present) */
    public Map<DropReason, Long> drops() {
        return locked(counters::drops);
    }

    /** @return traffic per link class, in order of first use */
    public Map<String, LinkStats> linkStats() {
        return locked(counters::linkStats);
    }

    /** @return datagram handlers that threw */
    public long handlerFailures() {
        return locked(() -> counters.handlerFailures);
    }

    /** @return copies that had a bit flipped in flight */
    public long corrupted() {
        return locked(() -> counters.corrupted);
    }

    /** @return host timer tasks that threw */
    public long taskFailures() {
        return locked(() -> counters.taskFailures);
    }

    private <T> T locked(java.util.function.Supplier<T> f) {
        lock.lock();
        try {
            return f.get();
        } finally {
            lock.unlock();
        }
    }
}
