package org.miked.sim.network.internal;

import java.util.HashMap;
import java.util.Map;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.runtime.RandomSource;
import org.miked.api.runtime.Scheduler;
import org.miked.api.runtime.CryptoMemo;

/**
 * One simulated host's attachment: port, runtime and scheduler in one object, so that a host costs a
 * handful of objects (this, its random source and a small group map). Its timers run on the network's
 * shared virtual clock; once the port is closed they no longer fire (the host is gone).
 */
public final class SimHost implements HostPort, HostRuntime, Scheduler {
    private final Engine engine;
    final int index;
    final MemberId id;
    final DatagramHandler handler;
    private final RandomSource random;
    private Map<GroupId, Membership> groups;
    /** The last group looked up and its membership (a delivery looks one up; most hosts have one group). */
    private GroupId lastGroup;
    private Membership lastMembership;
    volatile boolean closed;

    SimHost(Engine engine, int index, MemberId id, DatagramHandler handler, RandomSource random) {
        this.engine = engine;
        this.index = index;
        this.id = id;
        this.handler = handler;
        this.random = random;
    }

    /** @return the host's membership in a group, or null; called under the engine lock */
    Membership membership(GroupId group) {
        if (group == lastGroup) {
            return lastMembership;
        }
        Membership m = groups == null ? null : groups.get(group);
        lastGroup = group;
        lastMembership = m;
        return m;
    }

    /** @return the previous membership; called under the engine lock */
    Membership putMembership(GroupId group, Membership m) {
        if (groups == null) {
            groups = new HashMap<>(4);
        }
        lastGroup = null;
        return groups.put(group, m);
    }

    /** @return the removed membership; called under the engine lock */
    Membership removeMembership(GroupId group) {
        lastGroup = null;
        return groups == null ? null : groups.remove(group);
    }

    /** @return the groups this host opened (a copy); called under the engine lock */
    Map<GroupId, Membership> memberships() {
        return groups == null ? Map.of() : Map.copyOf(groups);
    }

    @Override
    public HostRuntime runtime() {
        return this;
    }

    @Override
    public boolean send(Destination to, byte[] payload) {
        return engine.send(this, to, payload);
    }

    @Override
    public void openGroup(GroupChannel channel) {
        engine.openGroup(this, channel);
    }

    @Override
    public void closeGroup(GroupId group) {
        engine.closeGroup(this, group);
    }

    @Override
    public void close() {
        engine.detach(this);
    }

    @Override
    public MemberId self() {
        return id;
    }

    @Override
    public Clock clock() {
        return engine.clock();
    }

    @Override
    public Scheduler scheduler() {
        return this;
    }

    @Override
    public RandomSource random() {
        return random;
    }

    @Override
    public CryptoMemo cryptoMemo() {
        return engine.cryptoMemo();
    }

    @Override
    public org.miked.api.runtime.StateStore stateStore() {
        return engine.stateStore(index);
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        return engine.scheduleFor(this, delayMillis, task);
    }

    @Override
    public String toString() {
        return "SimHost[" + id + (closed ? " closed" : "") + "]";
    }
}
