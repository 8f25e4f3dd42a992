package org.miked.auth.tesla.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.miked.api.MemberId;
import org.miked.api.auth.AuthException;
import org.miked.api.auth.AuthSession;
import org.miked.api.auth.Authenticated;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.HostRuntime;
import org.miked.auth.tesla.wire.Bootstrap;
import org.miked.auth.tesla.wire.TrailerCodec;
import org.miked.common.crypto.Ed25519;

/**
 * TESLA at the key server: seals its multicast to its receivers.
 *
 * <pre>
 *   seal(m) in interval i of chain c:  m | c, i, K_{i-d} (if i > d), MAC_{K'_i}(c | i | m)
 *   emit (scheme-only messages, empty GMF body):
 *     bootstrap  signed (c, j, K_j, T0, T, d, L, mac bytes)   at chain start, then with traffic at most
 *                                                             every tesla.bootstrapMillis; for the next
 *                                                             chain too once it is prepared
 *     key        c, i, K_{i-d} (no MAC)                       from interval lastMac + d on, until
 *                                                             tesla.disclosureCopies messages carried a
 *                                                             key >= K_lastMac, spaced
 *                                                             tesla.disclosureSpacingMillis; then silent
 * </pre>
 * A chain is prepared 2 x bootstrapMillis before it runs out and starts where the old one ends (or now,
 * after a long silence); the old chain's last keys are still disclosed by key messages. Time is the
 * host's clock; timers are the host's scheduler.
 */
public final class TeslaSender implements AuthSession {
    private enum Kind { BOOTSTRAP, KEY }

    private record Emission(Kind kind, KeyChain chain) {
    }

    private final GroupPolicy policy;
    private final TeslaParams params;
    private final HostRuntime host;
    private final Consumer<byte[]> emit;
    private final Ed25519.Signer signer;
    private final TeslaCrypto crypto = new TeslaCrypto();
    private final List<KeyChain> retiring = new ArrayList<>();
    private final Map<String, Long> counters = new TreeMap<>();
    private KeyChain current;
    private KeyChain next;
    private long lastBootstrap = Long.MIN_VALUE;
    private boolean bootstrapDue;
    private Cancellable tick;
    private boolean closed;
    private long tickAt = Long.MAX_VALUE;
    private Emission emitting;
    private int macChain = -1;
    private long macInterval = -1;
    private byte[] macKey;
    private int chainsCreated;

    /**
     * @param policy the key server's policy (needs its 32-byte Ed25519 signing key)
     * @param host its runtime
     * @param emit sends a scheme-only message (sealed again by this session)
     * @throws IllegalArgumentException if the signing key is missing or parameters are out of range
     */
    public TeslaSender(GroupPolicy policy, HostRuntime host, Consumer<byte[]> emit) {
        this.policy = policy;
        this.params = TeslaParams.from(policy);
        this.host = host;
        this.emit = emit;
        byte[] key = policy.credentials().signingKey();
        if (key.length != Ed25519.KEY_BYTES) {
            throw new IllegalArgumentException("policy for group '" + policy.group() + "': field 'signingKey': TESLA "
                    + "bootstraps are signed with Ed25519 and need the key server's 32-byte private key, got "
                    + key.length + " bytes");
        }
        this.signer = Ed25519.signer(key);
    }

    @Override
    public byte[] seal(byte[] message) {
        if (emitting != null) {
            return sealEmission(message, emitting);
        }
        long now = host.clock().millis();
        KeyChain c = chainFor(now);
        long i = c.intervalAt(now);
        byte[] disclosed = null;
        if (i - params.delayIntervals() >= 1) {
            disclosed = c.key(i - params.delayIntervals());
            c.disclosed(i - params.delayIntervals());
        }
        if (c.id != macChain || i != macInterval) {
            macChain = c.id;
            macInterval = i;
            macKey = crypto.fPrime(c.key(i));
        }
        byte[] mac = crypto.mac(macKey, c.id, i, message, message.length, params.macBytes());
        c.macked(i);
        count("sealed");
        scheduleTick(c.start(i + params.delayIntervals()), now);
        if (!bootstrapDue && (lastBootstrap == Long.MIN_VALUE || now - lastBootstrap >= params.bootstrapMillis())) {
            bootstrapDue = true;
            host.scheduler().schedule(0, this::emitBootstraps);
        }
        return TrailerCodec.encode(message, c.id, i, disclosed, mac);
    }

    /** @return the chain for a message sealed now, renewing or preparing chains as needed */
    private KeyChain chainFor(long now) {
        if (current == null) {
            current = newChain(now - params.intervalMillis());
        }
        if (current.intervalAt(now) > params.chainLength()) {
            retire(current);
            KeyChain n = next;
            next = null;
            if (n == null || n.intervalAt(now) > params.chainLength()) {
                n = newChain(now - params.intervalMillis()); // silent past the prepared chain too: start now
            }
            current = n;
            lastBootstrap = Long.MIN_VALUE; // bootstrap the new chain with its first message
        }
        long left = (params.chainLength() - current.intervalAt(now)) * (long) params.intervalMillis();
        if (next == null && left < 2L * params.bootstrapMillis()) {
            next = newChain(current.start(params.chainLength()));
            lastBootstrap = Long.MIN_VALUE; // announce it with the next message
        }
        return current;
    }

    private KeyChain newChain(long startMillis) {
        int id = host.random().nextInt(1 << 16);
        if (current != null && id == current.id) {
            id = (id + 1) & 0xffff;
        }
        chainsCreated++;
        count("chains");
        return new KeyChain(id, startMillis, params.intervalMillis(), params.chainLength(), host.random().bytes(16),
                crypto);
    }

    private void retire(KeyChain c) {
        if (c.owesDisclosure(params.disclosureCopies())) {
            retiring.add(c);
        }
    }

    private void emitBootstraps() {
        if (closed) {
            return;
        }
        bootstrapDue = false;
        lastBootstrap = host.clock().millis();
        if (current != null) {
            emitOne(new Emission(Kind.BOOTSTRAP, current));
        }
        if (next != null) {
            emitOne(new Emission(Kind.BOOTSTRAP, next));
        }
    }

    private void emitOne(Emission e) {
        emitting = e;
        try {
            emit.accept(new byte[0]);
        } finally {
            emitting = null;
        }
    }

    private byte[] sealEmission(byte[] message, Emission e) {
        KeyChain c = e.chain();
        long now = host.clock().millis();
        // the latest key that may be disclosed now: K_{x-d}, x the interval the clock is in
        long j = Math.max(0, Math.min(c.intervalAt(now) - params.delayIntervals(), params.chainLength()));
        if (e.kind() == Kind.BOOTSTRAP) {
            Bootstrap b = new Bootstrap(j, c.key(j), c.startMillis, c.intervalMillis, params.delayIntervals(),
                    c.length, params.macBytes(), new byte[0]);
            byte[] tbs = TrailerCodec.toBeSigned(message, c.id, j, b);
            byte[] sig = signer.sign(tbs, 0, tbs.length);
            count("bootstraps");
            if (j > 0) {
                c.disclosed(j);
            }
            return TrailerCodec.encodeBootstrap(message, c.id, j, b.withSignature(sig));
        }
        count("disclosures");
        c.disclosed(j);
        return TrailerCodec.encode(message, c.id, j + params.delayIntervals(), c.key(j), null);
    }

    /** Stops disclosing and bootstrapping: the GMF no longer uses this session. */
    @Override
    public void close() {
        closed = true;
        if (tick != null) {
            tick.cancel();
            tick = null;
        }
    }

    private void scheduleTick(long at, long now) {
        if (closed || at >= tickAt) {
            return;
        }
        if (tick != null) {
            tick.cancel();
        }
        tickAt = at;
        tick = host.scheduler().schedule(Math.max(0, at - now), this::onTick);
    }

    /** Discloses the keys of chains that went quiet after MAC'ing messages; reschedules while any is owed. */
    private void onTick() {
        if (closed) {
            return;
        }
        tick = null;
        tickAt = Long.MAX_VALUE;
        long now = host.clock().millis();
        long nextAt = Long.MAX_VALUE;
        List<KeyChain> chains = new ArrayList<>(retiring);
        if (current != null) {
            chains.add(current);
        }
        for (KeyChain c : chains) {
            if (!c.owesDisclosure(params.disclosureCopies())) {
                continue;
            }
            long allowedFrom = c.start(c.lastMac + params.delayIntervals());
            if (now < allowedFrom) {
                nextAt = Math.min(nextAt, allowedFrom);
                continue;
            }
            int before = c.copies;
            emitOne(new Emission(Kind.KEY, c));
            if (c.copies == before) {
                c.copies++; // the GMF did not seal it (stopped): count the attempt, never loop forever
            }
            if (c.owesDisclosure(params.disclosureCopies())) {
                nextAt = Math.min(nextAt, now + params.disclosureSpacingMillis());
            }
        }
        retiring.removeIf(c -> !c.owesDisclosure(params.disclosureCopies()));
        if (nextAt != Long.MAX_VALUE) {
            scheduleTick(nextAt, now);
        }
    }

    /** Receivers' messages reach the key server sealed with the group's {@code auth} scheme, never this one. */
    @Override
    public List<Authenticated> open(MemberId claimedSender, byte[] sealed) throws AuthException {
        throw new AuthException("a TESLA key server opens nothing: messages to it are sealed with the group's "
                + "auth scheme ('" + policy.auth() + "')");
    }

    @Override
    public int overhead() {
        return TrailerCodec.overhead(true, params.macBytes());
    }

    /** @return counters: sealed, bootstraps, disclosures, chains */
    public Map<String, Long> counters() {
        return Map.copyOf(counters);
    }

    /** @return chains created so far (renewals + 1, plus prepared ones) */
    public int chainsCreated() {
        return chainsCreated;
    }

    /** @return true if a key disclosure is still owed (the session will emit again) */
    public boolean owesDisclosure() {
        return tick != null;
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }
}
