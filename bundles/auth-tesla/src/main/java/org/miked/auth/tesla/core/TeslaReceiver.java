package org.miked.auth.tesla.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.miked.api.MemberId;
import org.miked.api.auth.AuthException;
import org.miked.api.auth.AuthSession;
import org.miked.api.auth.Authenticated;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.runtime.HostRuntime;
import org.miked.auth.tesla.core.ChainTable.Chain;
import org.miked.auth.tesla.wire.Bootstrap;
import org.miked.auth.tesla.wire.Trailer;
import org.miked.auth.tesla.wire.TrailerCodec;
import org.miked.common.crypto.Ed25519;
import org.miked.common.wire.DecodeException;

/**
 * TESLA at a receiver: opens its key server's multicast.
 *
 * <pre>
 *   datagram --decode--> bootstrap? --Ed25519 (or hash to the known commitment)--> chain c known
 *                     \-> chain unknown: keep with its arrival time (pending) until c's bootstrap
 *                     \-> key K_{i-d}: hash forward (<= tesla.maxHashSteps per datagram) to the newest
 *                                      authenticated key of c (further: wait for a signed bootstrap)
 *                                      --> anchor moves --> verify buffered MACs of intervals <= anchor
 *                     \-> MAC of interval i: security condition arrival + skew < T0 + (i+d)T,
 *                                      i above the anchor --> buffer (bounded per interval, see ReceiveBuffer)
 *   every authenticated key K_j: the key server's clock had reached T0 + (j+d)T --> ClockCheck; more than
 *                                maxSkew ahead of arrival: out of sync, every MAC refused from then on
 * </pre>
 * Failures of the arriving datagram throw {@link AuthException} with the reason. Messages dropped later
 * (a buffered MAC that fails once its key is known, a pending message that fails once its chain is known,
 * buffer overflow) cannot be reported by exception; they are counted in {@link #counters()}
 * ({@code dropped.bad-mac}, {@code dropped.pending}, {@code dropped.buffer}, ...) and the last reason is
 * kept in {@link #lastDrop()}. If a datagram authenticates earlier messages (its key is good) but is itself
 * rejected, those messages are returned by the next call.
 */
public final class TeslaReceiver implements AuthSession {
    private final GroupPolicy policy;
    private final TeslaParams params;
    private final HostRuntime host;
    private final MemberId keyServer;
    private final Ed25519.Verifier verifier;
    private final TeslaCrypto crypto = new TeslaCrypto();
    private final ChainTable chains = new ChainTable();
    private final ReceiveBuffer buffer;
    private final ClockCheck clock;
    private final List<Authenticated> ready = new ArrayList<>();
    private final Map<String, Long> counters = new TreeMap<>();
    private String lastDrop = "";
    /** Chain steps the datagram being opened may still cost (tesla.maxHashSteps at the start of each). */
    private long budget;

    /**
     * A receiver that reports being out of sync only through its counters.
     *
     * @param policy the receiver's policy: its key server's Ed25519 key must be among the verify keys
     * @param host its runtime (clock)
     * @throws IllegalArgumentException if the key server's public key is missing or parameters are bad
     */
    public TeslaReceiver(GroupPolicy policy, HostRuntime host) {
        this(policy, host, line -> { });
    }

    /**
     * @param policy the receiver's policy: its key server's Ed25519 key must be among the verify keys
     * @param host its runtime (clock)
     * @param log receives a line when this receiver finds its clock out of sync with the key server's
     * @throws IllegalArgumentException if the key server's public key is missing or parameters are bad
     */
    public TeslaReceiver(GroupPolicy policy, HostRuntime host, Consumer<String> log) {
        this.policy = policy;
        this.params = TeslaParams.from(policy);
        this.host = host;
        this.keyServer = policy.keyServer();
        this.verifier = Ed25519.verifier(policy.credentials().verifyKey(keyServer));
        if (verifier == null) {
            throw new IllegalArgumentException("policy for group '" + policy.group() + "': field 'verifyKeys': no valid "
                    + "Ed25519 public key for key server '" + keyServer + "': TESLA bootstraps cannot be verified");
        }
        this.buffer = new ReceiveBuffer(params.bufferLimit(), params.pendingLimit(), host.random(), this::drop);
        this.clock = new ClockCheck(params.maxSkewMillis(), log, "group '" + policy.group().name() + "', receiver "
                + host.self() + ", key server " + keyServer);
    }

    @Override
    public byte[] seal(byte[] message) {
        throw new IllegalStateException("group '" + policy.group() + "': TESLA seals only at the key server; a "
                + "receiver's own messages (registrations, repair requests) are sealed with the group's auth scheme ('"
                + policy.auth() + "')");
    }

    @Override
    public List<Authenticated> open(MemberId claimedSender, byte[] sealed) throws AuthException {
        if (!keyServer.equals(claimedSender)) {
            throw new AuthException("TESLA here authenticates only key server '" + keyServer + "', not '"
                    + claimedSender + "'");
        }
        Trailer t;
        try {
            t = TrailerCodec.decode(sealed);
        } catch (DecodeException e) {
            count("rejected.malformed");
            throw new AuthException("malformed TESLA trailer: " + e.getMessage());
        }
        long now = host.clock().millis();
        budget = params.maxHashSteps();
        List<Authenticated> out = new ArrayList<>(ready);
        ready.clear();
        try {
            if (t.hasBootstrap()) {
                bootstrap(t, sealed, now, out);
            } else {
                Chain c = chains.get(t.chainId());
                if (c != null) {
                    known(c, t, t.hasMac() ? t.message(sealed) : null, now, true, out);
                } else if (chains.retired(t.chainId())) {
                    if (t.hasMac()) {
                        throw new AuthException("too late: chain " + t.chainId() + " has ended");
                    }
                    count("ignored.retired");
                } else {
                    count("pending");
                    buffer.addPending(t, t.hasMac() ? t.message(sealed) : null, now);
                }
            }
        } catch (AuthException e) {
            ready.addAll(out);
            count("rejected");
            throw e;
        }
        return out;
    }

    /**
     * A message of a known chain, fresh (arrival = now) or pending since arrival. A pending message may be of
     * an interval whose key is known by now: the security condition on its arrival time decides.
     */
    private void known(Chain c, Trailer t, byte[] message, long arrival, boolean fresh, List<Authenticated> out)
            throws AuthException {
        Bootstrap s = c.schedule;
        if (t.hasMac() && t.mac().length != s.macBytes()) {
            throw new AuthException("MAC of " + t.mac().length + " bytes, chain " + c.id + " uses " + s.macBytes());
        }
        if (t.hasKey()) {
            long j = t.interval() - s.delayIntervals();
            if (j < 1 || j > s.chainLength()) {
                throw new AuthException("disclosed key index " + j + " outside chain " + c.id + " (1.." + s.chainLength()
                        + ")");
            }
            if (!acceptKey(c, j, t.key(), arrival, out) && !t.hasMac()) {
                throw new AuthException("key K_" + j + " of chain " + c.id + " not checked: it is " + (j - c.anchorIndex)
                        + " steps beyond the newest authenticated K_" + c.anchorIndex + ", more than the "
                        + params.maxHashSteps() + " one datagram may cost (tesla.maxHashSteps); a signed bootstrap "
                        + "moves the anchor");
            }
        }
        if (t.hasMac()) {
            if (clock.outOfSync()) {
                count("rejected.out-of-sync");
                throw new AuthException(clock.refusal());
            }
            long i = t.interval();
            if (i < 1 || i > s.chainLength()) {
                throw new AuthException("interval " + i + " outside chain " + c.id + " (1.." + s.chainLength() + ")");
            }
            if (fresh && i <= c.anchorIndex) {
                throw new AuthException("replayed or late: the key of interval " + i + " of chain " + c.id
                        + " was disclosed before this message arrived (K_" + c.anchorIndex + " is known)");
            }
            long skew = params.maxSkewMillis();
            if (arrival + skew >= s.disclosureTime(i)) {
                throw new AuthException("too late (security condition): interval " + i + " of chain " + c.id
                        + " arrived at " + arrival + " ms; its key may be disclosed from " + s.disclosureTime(i)
                        + " ms, within the " + skew + " ms skew bound");
            }
            if (s.intervalStart(i) > arrival + skew) {
                throw new AuthException("from the future: interval " + i + " of chain " + c.id + " starts at "
                        + s.intervalStart(i) + " ms, after arrival " + arrival + " ms + skew " + skew + " ms");
            }
            count("buffered");
            buffer.addWaiting(c.id, i, t.mac(), message, arrival);
        }
    }

    /**
     * Authenticates K_j against the chain's newest key by hashing forward, within what is left of this
     * datagram's budget, then releases what it opens.
     *
     * @return false if the key is beyond the budget and was not checked (nothing changed)
     */
    private boolean acceptKey(Chain c, long j, byte[] key, long arrival, List<Authenticated> out)
            throws AuthException {
        if (j <= c.anchorIndex) {
            if (j == c.anchorIndex && !TeslaCrypto.same(key, c.anchorKey)) {
                throw new AuthException("bad disclosed key: K_" + j + " of chain " + c.id + " differs from the one held");
            }
            count("keys.known");
            return true;
        }
        long steps = j - c.anchorIndex;
        // early: forged, or genuine and this host's clock lags; within the budget, hashing tells which
        boolean early = c.schedule.disclosureTime(j) > arrival + params.maxSkewMillis();
        if (steps > budget) {
            if (early) {
                throw new AuthException("key disclosed too early: K_" + j + " of chain " + c.id + " may not be "
                        + "disclosed before " + c.schedule.disclosureTime(j) + " ms (arrival " + arrival + " ms), and it is "
                        + steps + " steps beyond K_" + c.anchorIndex + ", too far to check");
            }
            count("keys.unchecked");
            return false;
        }
        budget -= steps;
        byte[] x = crypto.hash(key, steps);
        if (!TeslaCrypto.same(x, c.anchorKey)) {
            throw new AuthException("bad disclosed key: K_" + j + " of chain " + c.id + " does not hash to the "
                    + "authenticated K_" + c.anchorIndex + " in " + steps + " steps"
                    + (early ? " (and claims to be disclosed before " + c.schedule.disclosureTime(j) + " ms)" : ""));
        }
        checkClock(c.schedule, j, arrival, "K_" + j + " of chain " + c.id);
        advance(c, j, key, out);
        return true;
    }

    /** An authenticated K_j shows the key server's clock had reached T0 + (j+d)T; j = 0 shows nothing. */
    private void checkClock(Bootstrap s, long j, long arrival, String what) {
        if (j >= 1 && clock.observe(s.disclosureTime(j), arrival, what)) {
            count("out-of-sync");
            buffer.dropAll("dropped.out-of-sync", clock.refusal());
        }
    }

    /** Moves the chain's anchor to an authenticated K_j and releases the buffered messages it opens. */
    private void advance(Chain c, long j, byte[] key, List<Authenticated> out) {
        c.anchorIndex = j;
        c.anchorKey = key.clone();
        count("keys");
        release(c, out);
    }

    /** Verifies every buffered MAC of the chain whose key is now known, in arrival order. */
    private void release(Chain c, List<Authenticated> out) {
        List<Long> intervals = buffer.waitingIntervals(c.id, c.anchorIndex);
        if (intervals.isEmpty()) {
            return;
        }
        Map<Long, byte[]> macKeys = new HashMap<>();
        byte[] k = c.anchorKey;
        long at = c.anchorIndex;
        for (int n = intervals.size() - 1; n >= 0; n--) {
            long i = intervals.get(n);
            k = crypto.hash(k, at - i);
            at = i;
            macKeys.put(i, crypto.fPrime(k));
        }
        for (ReceiveBuffer.Waiting w : buffer.takeWaiting(c.id, c.anchorIndex)) {
            byte[] mac = crypto.mac(macKeys.get(w.interval()), c.id, w.interval(), w.message(), w.message().length,
                    c.schedule.macBytes());
            if (TeslaCrypto.same(mac, w.mac())) {
                count("authenticated");
                out.add(new Authenticated(keyServer, w.message()));
            } else {
                drop("dropped.bad-mac", "bad MAC on a message of interval " + w.interval() + " of chain " + c.id
                        + " (checked once K_" + w.interval() + " was disclosed)");
            }
        }
    }

    private void bootstrap(Trailer t, byte[] sealed, long now, List<Authenticated> out) throws AuthException {
        Bootstrap b = t.bootstrap();
        int id = t.chainId();
        Chain c = chains.get(id);
        if (c != null && c.schedule.sameSchedule(b)) {
            if (b.commitIndex() - c.anchorIndex <= budget) {
                // same chain: the commitment is just another disclosed key, authenticated by hashing
                acceptKey(c, b.commitIndex(), b.commitment(), now, out);
                count("bootstrap.hashed");
                return;
            }
            // too far ahead to hash within the budget: one signature check moves the anchor instead
            verifySignature(t, sealed);
            checkClock(b, b.commitIndex(), now, "the signed bootstrap of chain " + id);
            advance(c, b.commitIndex(), b.commitment(), out);
            return;
        }
        verifySignature(t, sealed);
        long skew = params.maxSkewMillis();
        if ((long) b.delayIntervals() * b.intervalMillis() <= skew) {
            throw new AuthException("unusable bootstrap: d * T = " + b.delayIntervals() * b.intervalMillis()
                    + " ms does not exceed this receiver's tesla.maxSkewMillis (" + skew + " ms)");
        }
        boolean awaited = buffer.awaits(id);
        if (!awaited && now - skew >= b.disclosureTime(b.chainLength())) {
            throw new AuthException("stale bootstrap: every key of chain " + id + " may have been disclosed since "
                    + b.disclosureTime(b.chainLength()) + " ms");
        }
        if (c != null) {
            buffer.dropWaiting(id, "dropped.chain-replaced", "chain " + id + " replaced");
        }
        c = chains.add(id, b);
        chains.prune(now - skew, buffer);
        checkClock(b, b.commitIndex(), now, "the signed bootstrap of chain " + id);
        for (ReceiveBuffer.Pending p : buffer.takePending(id)) {
            try {
                known(c, p.trailer(), p.message(), p.arrival(), false, out);
            } catch (AuthException e) {
                drop("dropped.pending", e.getMessage());
            }
        }
        release(c, out);
    }

    private void verifySignature(Trailer t, byte[] sealed) throws AuthException {
        byte[] signed = TrailerCodec.signedBytes(sealed, t);
        if (!verifier.verify(signed, 0, signed.length, t.bootstrap().signature(), 0)) {
            throw new AuthException("bad Ed25519 signature on the TESLA bootstrap of chain " + t.chainId()
                    + " claimed from '" + keyServer + "'");
        }
        count("bootstrap.verified");
    }

    private void drop(String counter, String why) {
        count(counter);
        lastDrop = why;
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    @Override
    public int overhead() {
        return TrailerCodec.overhead(true, params.macBytes());
    }

    /**
     * @return counters: authenticated, buffered, pending, keys, bootstrap.{verified,hashed}, rejected,
     *     dropped.{bad-mac,pending,pending-full,buffer,expired,chain-replaced,out-of-sync}, out-of-sync,
     *     rejected.out-of-sync, keys.unchecked, ...
     */
    public Map<String, Long> counters() {
        return Map.copyOf(counters);
    }

    /** @return how often a counter was bumped */
    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** @return why the last silently dropped message was dropped (empty if none) */
    public String lastDrop() {
        return lastDrop;
    }

    /** @return chain steps F computed so far (checking disclosed keys, deriving MAC keys) */
    public long hashSteps() {
        return crypto.steps();
    }

    /** @return true once an authenticated key showed this host's clock lagging by more than maxSkewMillis */
    public boolean outOfSync() {
        return clock.outOfSync();
    }

    /**
     * @return the largest measured lower bound of how far the key server's clock is ahead of this host's, in
     *     ms ({@link Long#MIN_VALUE} before the first authenticated key)
     */
    public long clockOffsetMillis() {
        return clock.offset();
    }

    /** @return messages held: waiting for their key or for their chain's bootstrap */
    public int buffered() {
        return buffer.size();
    }
}
