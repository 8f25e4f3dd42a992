package org.miked.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.Destination;
import org.miked.common.event.VirtualTime;

/**
 * A seeded lossy network of endpoints on one virtual clock. Multicast to SENDERS reaches every other
 * sender endpoint, to RECEIVERS every receiver endpoint, to ALL every other endpoint; a sender never gets
 * its own multicast. Each copy is lost independently with probability {@link #loss(double)} and delayed by
 * {@code delay + uniform(0, jitter)} ms.
 */
public final class TestNetwork {
    private final VirtualTime time = new VirtualTime();
    private final Random random;
    private final long seed;
    private final Map<MemberId, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<MemberId, AtomicLong> sentBy = new LinkedHashMap<>();
    private double loss;
    private long delay = 5;
    private long jitter = 5;
    private long messages;
    private long bytes;
    private long dropped;
    private int largest;
    private java.util.function.Predicate<MemberId> down = m -> false;

    private record Endpoint(Role role, BiConsumer<MemberId, byte[]> inbox) {
    }

    public TestNetwork(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    public VirtualTime time() {
        return time;
    }

    /** @return a runtime for a host on this network's clock */
    public TestRuntime runtime(MemberId id) {
        return new TestRuntime(id, time, seed);
    }

    public TestNetwork loss(double p) {
        this.loss = p;
        return this;
    }

    public TestNetwork delay(long baseMs, long jitterMs) {
        this.delay = baseMs;
        this.jitter = jitterMs;
        return this;
    }

    /** @param isDown hosts for which this returns true neither send nor receive (crashed or partitioned) */
    public TestNetwork down(java.util.function.Predicate<MemberId> isDown) {
        this.down = isDown;
        return this;
    }

    /**
     * @param id endpoint id
     * @param role its role (decides which multicasts it gets)
     * @param inbox called with (from, body) at delivery time
     */
    public void attach(MemberId id, Role role, BiConsumer<MemberId, byte[]> inbox) {
        endpoints.put(id, new Endpoint(role, inbox));
    }

    public void detach(MemberId id) {
        endpoints.remove(id);
    }

    /** Sends body from a host. */
    public void send(MemberId from, Destination to, byte[] body) {
        if (down.test(from)) {
            return;
        }
        messages++;
        bytes += body.length;
        largest = Math.max(largest, body.length);
        sentBy.computeIfAbsent(from, k -> new AtomicLong()).incrementAndGet();
        byte[] copy = body.clone();
        if (to instanceof Destination.Unicast u) {
            deliver(from, u.to(), copy);
            return;
        }
        Audience a = ((Destination.Multicast) to).audience();
        for (var e : endpoints.entrySet()) {
            if (e.getKey().equals(from)) {
                continue;
            }
            Role r = e.getValue().role();
            if (a == Audience.ALL || (a == Audience.SENDERS && r == Role.SENDER)
                    || (a == Audience.RECEIVERS && r == Role.RECEIVER)) {
                deliver(from, e.getKey(), copy);
            }
        }
    }

    private void deliver(MemberId from, MemberId to, byte[] body) {
        Endpoint ep = endpoints.get(to);
        if (ep == null || down.test(to) || (loss > 0 && random.nextDouble() < loss)) {
            dropped++;
            return;
        }
        long d = delay + (jitter > 0 ? (long) (random.nextDouble() * jitter) : 0);
        time.schedule(d, () -> {
            Endpoint now = endpoints.get(to);
            if (now != null && !down.test(to)) {
                now.inbox().accept(from, body);
            }
        });
    }

    public long messages() {
        return messages;
    }

    public long bytes() {
        return bytes;
    }

    public long dropped() {
        return dropped;
    }

    /** @return the largest body sent so far */
    public int largest() {
        return largest;
    }

    /** @return messages sent by one host */
    public long sentBy(MemberId id) {
        AtomicLong n = sentBy.get(id);
        return n == null ? 0 : n.get();
    }
}
