package org.miked.auth.tesla.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.auth.AuthException;
import org.miked.api.auth.AuthSession;
import org.miked.api.auth.Authenticated;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.Destination;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.runtime.RandomSource;
import org.miked.api.runtime.Scheduler;
import org.miked.auth.tesla.internal.TeslaScheme;
import org.miked.auth.tesla.wire.Trailer;
import org.miked.auth.tesla.wire.TrailerCodec;
import org.miked.common.wire.DecodeException;
import org.miked.testkit.TestNetwork;
import org.miked.testkit.TestPolicies;

/**
 * A TESLA key server and receivers on a {@link TestNetwork}: the sender's session seals, its emitter
 * multicasts scheme-only messages, each receiver's session opens what reaches it and records what was
 * authenticated (with the virtual time) and what was rejected.
 */
final class Rig {
    static final MemberId S1 = TestPolicies.senderId(1);

    /** One receiver's outcome. */
    static final class Rx {
        final MemberId id;
        final TeslaReceiver session;
        final List<String> authenticated = new ArrayList<>();
        final List<Long> authenticatedAt = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();
        /** What the session logged. */
        final List<String> log;
        long macDelivered;
        /** Decides per (datagram number at this receiver, bytes) whether it is opened (true) or lost. */
        BiPredicate<Integer, byte[]> filter = (n, b) -> true;
        int seen;

        Rx(MemberId id, TeslaReceiver session, List<String> log) {
            this.id = id;
            this.session = session;
            this.log = log;
        }

        void deliver(MemberId from, byte[] sealed, long now) {
            if (!filter.test(seen++, sealed)) {
                return;
            }
            try {
                if (TrailerCodec.decode(sealed).hasMac()) {
                    macDelivered++;
                }
            } catch (DecodeException e) {
                // counted by the session below
            }
            try {
                for (Authenticated a : session.open(from, sealed)) {
                    authenticated.add(new String(a.message()));
                    authenticatedAt.add(now);
                }
            } catch (AuthException e) {
                rejected.add(e.getMessage());
            }
        }
    }

    final TestPolicies policies;
    final TestNetwork net;
    final TeslaSender sender;
    final Map<MemberId, Rx> receivers = new LinkedHashMap<>();
    /** Every datagram the key server sent, in order. */
    final List<byte[]> sent = new ArrayList<>();

    Rig(long seed, Map<String, String> params) {
        policies = new TestPolicies("g", 1, seed);
        params.forEach(policies::param);
        net = new TestNetwork(seed);
        AuthSession[] self = new AuthSession[1];
        self[0] = new TeslaScheme().open(policies.sender(S1), net.runtime(S1), ignored -> multicast(self[0].seal(new byte[0])));
        sender = (TeslaSender) self[0];
        net.attach(S1, Role.SENDER, (from, body) -> { });
    }

    Rig(long seed) {
        this(seed, Map.of());
    }

    Rx receiver(int n) {
        return receiver(n, 0);
    }

    /** A receiver whose clock runs {@code lagMillis} behind the key server's (the shared virtual clock). */
    Rx receiver(int n, long lagMillis) {
        MemberId id = TestPolicies.receiverId(n);
        List<String> log = new ArrayList<>();
        TeslaReceiver s = new TeslaReceiver(policies.receiver(id, S1, n % 2 == 0), lagging(net.runtime(id), lagMillis),
                log::add);
        Rx rx = new Rx(id, s, log);
        receivers.put(id, rx);
        net.attach(id, Role.RECEIVER, (from, body) -> rx.deliver(from, body, net.time().millis()));
        return rx;
    }

    private static HostRuntime lagging(HostRuntime base, long lagMillis) {
        if (lagMillis == 0) {
            return base;
        }
        Clock lagged = () -> base.clock().millis() - lagMillis;
        return new HostRuntime() {
            @Override
            public MemberId self() {
                return base.self();
            }

            @Override
            public Clock clock() {
                return lagged;
            }

            @Override
            public Scheduler scheduler() {
                return base.scheduler();
            }

            @Override
            public RandomSource random() {
                return base.random();
            }
        };
    }

    /** Seals a message at the key server now and multicasts it. */
    byte[] send(String message) {
        byte[] sealed = sender.seal(message.getBytes());
        multicast(sealed);
        return sealed;
    }

    private void multicast(byte[] sealed) {
        sent.add(sealed);
        net.send(S1, Destination.multicast(policies.sender(S1).group(), Audience.RECEIVERS), sealed);
    }

    void runUntil(long t) {
        net.time().runUntil(t);
    }

    void idle() {
        if (!net.time().runUntilIdle(net.time().millis() + 600_000)) {
            throw new AssertionError("the key server never went quiet");
        }
    }

    long now() {
        return net.time().millis();
    }

    static Trailer trailer(byte[] sealed) {
        try {
            return TrailerCodec.decode(sealed);
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the datagrams sent that carry a bootstrap */
    List<byte[]> bootstraps() {
        return sent.stream().filter(b -> trailer(b).hasBootstrap()).toList();
    }
}
