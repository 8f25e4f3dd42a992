package org.miked.sim.network;

import java.util.Map;
import org.miked.api.MemberId;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.dispatch.HostPort;
import org.miked.api.dispatch.TrafficStats;
import org.miked.api.runtime.Cancellable;
import org.miked.sim.network.internal.Engine;

/**
 * A simulated network of many hosts in one JVM: the {@code "sim"} {@link Dispatcher}. Every host gets a
 * {@link HostPort} whose runtime runs on the network's single virtual clock (no threads, no sleeps) with
 * randomness derived from the seed and the host id; datagrams cross links of a {@link LinkModel} with
 * seeded loss, delay, jitter and duplication. The same seed, model and scenario repeat a run exactly.
 *
 * <p>Routing, per copy:
 * <ul>
 * <li>{@code Multicast(group, SENDERS)} reaches every other host that opened the group as SENDER,
 * {@code RECEIVERS} those that opened it as RECEIVER, {@code ALL} both; never the sender itself.
 * <li>{@code Unicast(group, to)} reaches {@code to} if it is attached and has the group open; unicast to
 * a host the network never saw is refused ({@code send} returns false, {@link DropReason#NO_ROUTE}).
 * <li>A copy is dropped when sender or receiver is down ({@link #down}), a partition separates them, or
 * the link loses it; at arrival when the receiver is down, detached or not listening to the group, or
 * the sender matches one of the receiver's {@code excluded} rules for the group.
 * <li>A host in EMCON for the group cannot send for it: {@code send} returns false and the attempt is
 * counted in {@link TrafficStats#emconPacketsSent()}.
 * </ul>
 *
 * <p>Hosts and timers: a host's scheduled tasks and datagram deliveries run on the driving thread inside
 * {@link #runUntil} / {@link #runUntilIdle}. A handler or timer task that throws is counted and logged
 * in one line, and the simulation goes on. Once a port is closed its timers no longer fire and nothing
 * is delivered to it (the host is gone); attaching the same id again models a restart, with a fresh
 * random stream.
 *
 * <p>Threads: one thread drives the simulation; other threads may call any method and wait for the
 * running batch of events, except scheduling through a host runtime or {@link #schedule}, which never
 * waits (the task is handed over at the next event).
 */
public final class SimNetwork implements Dispatcher {
    /** The dispatcher's name, {@value}. */
    public static final String NAME = "sim";

    private final Engine engine;

    /**
     * @param seed scenario seed
     * @param model link qualities and partitions (read live)
     */
    public SimNetwork(long seed, LinkModel model) {
        this.engine = new Engine(seed, model);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Attaches a simulated host.
     *
     * @param host the host's identity
     * @param handler receives its datagrams on the virtual clock
     * @return its port; {@code port.runtime()} is its clock, scheduler and randomness
     * @throws IllegalStateException if the host is attached already
     */
    @Override
    public HostPort attach(MemberId host, DatagramHandler handler) {
        return engine.attach(host, handler);
    }

    @Override
    public TrafficStats stats() {
        return engine.stats();
    }

    /**
     * @return the network's totals as {@link #stats()} gives them, without the per-host map (building it for
     *     100,000 hosts cost a progress line 0.4 s)
     */
    public TrafficStats totals() {
        return engine.totals();
    }

    /** @return the seed this network was built with */
    public long seed() {
        return engine.seed();
    }

    /** @return the link model (changes apply to datagrams sent afterwards) */
    public LinkModel links() {
        return engine.model();
    }

    /** @return virtual time in ms (starts at 0) */
    public long now() {
        return engine.now();
    }

    /**
     * Runs every event up to and including {@code untilMillis}, then sets the clock to it.
     *
     * @param untilMillis absolute virtual time in ms
     * @return number of events run
     */
    public long runUntil(long untilMillis) {
        return engine.runUntil(untilMillis);
    }

    /**
     * Runs events until none is left or the next one lies after {@code limitMillis}.
     *
     * @param limitMillis absolute virtual time bound (protects against protocols that never go quiet)
     * @return true if the queue drained before the bound
     */
    public boolean runUntilIdle(long limitMillis) {
        return engine.runUntilIdle(limitMillis);
    }

    /**
     * Schedules a scenario event (take a host down, change a link, join a receiver ...) on the virtual
     * clock. Unlike host tasks, an exception it throws propagates out of {@code runUntil}.
     *
     * @param delayMillis delay from now
     * @param task the event
     * @return handle to cancel it
     */
    public Cancellable schedule(long delayMillis, Runnable task) {
        return engine.schedule(delayMillis, task);
    }

    /** @return events waiting to run */
    public int pending() {
        return engine.pending();
    }

    /**
     * Takes a host off the network: it neither sends (its copies are dropped as {@link DropReason#DOWN})
     * nor receives, but its GMF keeps running (a radio out of range). A crash is {@code port.close()}.
     *
     * @param host the host (need not be attached)
     */
    public void down(MemberId host) {
        engine.setDown(host, true);
    }

    /** @param host brings the host back onto the network */
    public void up(MemberId host) {
        engine.setDown(host, false);
    }

    /**
     * @param host a host
     * @return whether it is down
     */
    public boolean isDown(MemberId host) {
        return engine.isDown(host);
    }

    /**
     * Crashes a host (a power cut): its port closes without its GMF leaving anything, so its timers stop and
     * nothing more reaches it; its state store stays. Attaching the id again is its restart.
     *
     * @param host the host
     * @return false if it is not attached
     */
    public boolean crash(MemberId host) {
        return engine.crash(host);
    }

    /**
     * @param host a host
     * @return how often it was attached: 1 for its first incarnation, 2 after one restart, 0 if never
     */
    public int incarnation(MemberId host) {
        return engine.incarnation(host);
    }

    /** @return hosts currently attached */
    public int hostCount() {
        return engine.attachedHosts();
    }

    /**
     * @param host a host
     * @return its traffic (zeros if never seen)
     */
    public TrafficStats.HostTraffic hostStats(MemberId host) {
        return engine.hostStats(host);
    }

    /** @return dropped copies by reason (every reason present) */
    public Map<DropReason, Long> drops() {
        return engine.drops();
    }

    /** @return traffic per link class ({@link Link#name()}), in order of first use */
    public Map<String, LinkStats> linkStats() {
        return engine.linkStats();
    }

    /** @return datagram handlers that threw (the simulation went on) */
    public long handlerFailures() {
        return engine.handlerFailures();
    }

    /** @return copies that had a bit flipped in flight ({@link Link#corrupt()}) */
    public long corrupted() {
        return engine.corrupted();
    }

    /** @return host timer tasks that threw (the simulation went on) */
    public long taskFailures() {
        return engine.taskFailures();
    }

    /**
     * Whether the hosts share the results of deterministic cryptography (on by default): an Ed25519
     * signature that a thousand receivers check on the same bytes is then checked once, and the MSAs they
     * all derive from one epoch key are derived once. The outcome every host sees is the same either way
     * ({@code CryptoMemo}); only the CPU time and heap differ.
     *
     * @param on false to have every host run every check itself
     */
    public void shareCrypto(boolean on) {
        engine.shareCrypto(on);
    }

    /**
     * Whether verifications a signer announces run ahead on the other cores (on by default; off on a single
     * core). Outcomes are the same either way. Call before the first host attaches.
     *
     * @param on false to keep every verification on the simulation's thread
     */
    public void cryptoAhead(boolean on) {
        engine.cryptoAhead(on);
    }

    /** @return {work answered from shared results, work done, verifications run ahead} since the network was made */
    public long[] sharedCryptoCounts() {
        return engine.sharedCryptoCounts();
    }

    /** @param observer sees every delivered and dropped copy (traces, visualisation) */
    public void addObserver(DeliveryObserver observer) {
        engine.addObserver(observer);
    }

    /** @param observer stops observing */
    public void removeObserver(DeliveryObserver observer) {
        engine.removeObserver(observer);
    }
}
