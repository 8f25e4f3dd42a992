package org.miked.lkh.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.miked.api.MemberId;
import org.miked.common.crypto.KeyWrap;
import org.miked.common.wire.DecodeException;
import org.miked.lkh.wire.LkhCodec;
import org.miked.lkh.wire.WrapEntry;
import org.miked.api.Role;
import org.miked.api.protocol.EpochKey;
import org.miked.common.crypto.Randoms;
import org.miked.api.runtime.RandomSource;
import org.miked.api.runtime.StateStore;
import org.miked.testkit.TestContext;
import org.miked.testkit.TestNetwork;
import org.miked.testkit.TestPolicies;

/**
 * One key server (s01) and up to {@code total} receivers r00001.. on a {@link TestNetwork}; plays the GMF:
 * {@link #rekey()} hands the server a new epoch key. A spy endpoint records every multicast to receivers.
 */
final class Harness {
    final TestNetwork net;
    final TestPolicies policies;
    final MemberId s = TestPolicies.senderId(1);
    TestContext sctx;
    LkhServer server;
    /** What the key server's host keeps across restarts ({@link StateStore#NONE}: nothing, the old behaviour). */
    final StateStore store;
    private final long seed;
    private int incarnation = 1;
    final Map<MemberId, LkhClient> clients = new LinkedHashMap<>();
    final Map<MemberId, TestContext> ctxs = new HashMap<>();
    final Set<MemberId> emcon = new java.util.HashSet<>();
    /** Every multicast body the server sent, in order, tagged with the time. */
    final List<byte[]> multicasts = new ArrayList<>();
    private final RandomSource keys = Randoms.deterministic(99, "epoch keys");
    long epoch;
    EpochKey current;

    Harness(long seed, int total, IntPredicate isEmcon, Map<String, String> params) {
        this(seed, total, isEmcon, params, org.miked.api.policy.GroupPolicy.DEFAULT_LEASE_SECONDS);
    }

    /** @param leaseSeconds every policy's {@code leaseSeconds} (0: no lease) */
    Harness(long seed, int total, IntPredicate isEmcon, Map<String, String> params, long leaseSeconds) {
        this(seed, total, isEmcon, params, leaseSeconds, StateStore.NONE);
    }

    /** @param store the key server host's state store */
    Harness(long seed, int total, IntPredicate isEmcon, Map<String, String> params, long leaseSeconds,
            StateStore store) {
        this.seed = seed;
        this.store = store;
        net = new TestNetwork(seed);
        policies = new TestPolicies("g", 1, seed).leaseSeconds(leaseSeconds);
        params.forEach(policies::param);
        for (int i = 1; i <= total; i++) {
            MemberId r = TestPolicies.receiverId(i);
            policies.key(r);
            if (isEmcon.test(i)) {
                policies.individualKey(r);
                emcon.add(r);
            }
        }
        sctx = new TestContext(policies.sender(s), net.runtime(s).stateStore(store), net);
        server = new LkhServer(sctx);
        net.attach(s, Role.SENDER, (from, body) -> server.onMessage(from, body));
        net.attach(MemberId.of("spy"), Role.RECEIVER, (from, body) -> multicasts.add(body));
    }

    /**
     * The key server's host is killed (SIGKILL: the object is dropped, its timers die with it, nothing is
     * written on the way out) and comes back after {@code downMillis} as a new incarnation: a new context, new
     * randomness, the same policy and the same {@link #store}.
     *
     * @return the new incarnation's context
     */
    TestContext restartServer(long downMillis) {
        LkhServer dead = server;
        net.detach(s);
        dead.close(); // stands for the process's death: only its timers matter here, it writes nothing
        run(downMillis);
        incarnation++;
        sctx = new TestContext(policies.sender(s),
                new org.miked.testkit.TestRuntime(s, net.time(), seed * 31 + incarnation).stateStore(store), net);
        server = new LkhServer(sctx);
        net.attach(s, Role.SENDER, (from, body) -> server.onMessage(from, body));
        seenChanges = 0;
        return sctx;
    }

    /** Creates, attaches and starts receiver i. */
    LkhClient start(int i) {
        return start(i, rt -> rt);
    }

    /** Creates, attaches and starts receiver i on its runtime as {@code tweak} changes it. */
    LkhClient start(int i, java.util.function.UnaryOperator<org.miked.testkit.TestRuntime> tweak) {
        MemberId r = TestPolicies.receiverId(i);
        TestContext c = new TestContext(policies.receiver(r, s, emcon.contains(r)), tweak.apply(net.runtime(r)), net);
        LkhClient client = new LkhClient(c);
        clients.put(r, client);
        ctxs.put(r, c);
        net.attach(r, Role.RECEIVER, client::onMessage);
        client.start();
        return client;
    }

    void startAll(int from, int to) {
        for (int i = from; i <= to; i++) {
            start(i);
        }
    }

    /** The receiver's host stops: no LEAVE, nothing more sent or received (its timers are cancelled). */
    void vanish(MemberId r) {
        clients.remove(r).close();
        net.detach(r);
    }

    /**
     * @param keys keys a receiver held
     * @param bodies multicast bodies
     * @return how many (key, wrap) pairs were tried; fails naming the key if one opens a wrap of a REKEY or REPAIR
     */
    static long assertNoKeyOpens(Map<String, byte[]> keys, List<byte[]> bodies) throws DecodeException {
        long tried = 0;
        for (byte[] b : bodies) {
            int t = LkhCodec.type(b);
            if (t != LkhCodec.REKEY && t != LkhCodec.REPAIR) {
                continue;
            }
            for (WrapEntry e : LkhCodec.decodeKeyMessage(b).entries()) {
                for (var k : keys.entrySet()) {
                    tried++;
                    try {
                        KeyWrap.unwrap(k.getValue(), e.wrapped());
                        throw new AssertionError("key " + k.getKey() + " opens a later wrap " + e);
                    } catch (InvalidCipherTextException expected) {
                        // the only acceptable outcome
                    }
                }
            }
        }
        return tried;
    }

    /** The receiver leaves and is detached. */
    void leave(MemberId r) {
        clients.remove(r).leave();
        net.detach(r);
    }

    /** As the GMF: a new epoch key to the server. */
    EpochKey rekey() {
        epoch++;
        current = new EpochKey(epoch, keys.bytes(32));
        server.rekey(current);
        return current;
    }

    private int seenChanges;
    private long rekeyAt = -1;

    /**
     * Runs like the GMF: a rekey {@code policy.rekeyBatchMillis()} after the server reports a membership
     * change.
     */
    void runGmf(long ms) {
        long end = net.time().millis() + ms;
        while (net.time().millis() < end) {
            run(50);
            if (sctx.membershipChanges != seenChanges) {
                seenChanges = sctx.membershipChanges;
                if (rekeyAt < 0) {
                    rekeyAt = net.time().millis() + sctx.policy().rekeyBatchMillis();
                }
            }
            if (rekeyAt >= 0 && net.time().millis() >= rekeyAt) {
                rekeyAt = -1;
                rekey();
            }
        }
    }

    void run(long ms) {
        net.time().runUntil(net.time().millis() + ms);
    }

    /** @return receivers (still attached) whose last epoch key is not the current one */
    List<MemberId> lagging() {
        List<MemberId> out = new ArrayList<>();
        for (MemberId r : clients.keySet()) {
            if (!current.equals(ctxs.get(r).lastKey())) {
                out.add(r);
            }
        }
        return out;
    }

    long counter(String name) {
        long n = 0;
        for (TestContext c : ctxs.values()) {
            n += c.counter(name);
        }
        return n;
    }
}
