package org.miked.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.api.sa.SaSink;

/**
 * The installed-SA ledger both kernel SA sinks are built on: which SAs this sink installed, one policy
 * per (direction, sender, group, ports) shared by all of that sender's SAs (a rekey adds an SA under the
 * same policy, and the policy goes with the last SA), refusal of what the sink's capabilities lack before
 * the kernel is asked, expiry events for our SAs only, and {@link #close} deleting everything it
 * installed (never a flush: other daemons' SAs stay). A subclass only speaks its kernel interface: it
 * implements {@link #addSa}, {@link #addPolicy}, {@link #deleteSa}, {@link #deletePolicy} and
 * {@link #release}, and passes the kernel's expiries to {@link #expired}.
 *
 * <pre>
 *   install(msa)  closed? duplicate? endpoints, ESP/AH, IPV4/IPV6 in capabilities?
 *                 --> addSa --> first SA of its policy key? --> addPolicy (refused: deleteSa, rethrow)
 *                 --> recorded; policy users + 1
 *   delete(id)    not ours: nothing --> deleteSa (refused: still recorded) --> forgotten; users - 1
 *                 --> last user? --> deletePolicy
 *   expired(spi, dst, hard)  ours? hard: forgotten, policy released --> listener (outside the lock)
 *   close()       delete every recorded SA (failures logged) --> release(); then refused
 * </pre>
 *
 * <p>Thread-safe: the kernel requests run under this object's lock, one at a time.
 */
public abstract class KernelSaSink implements SaSink {
    /** What SAs share one kernel policy: direction, sender, group and ports. */
    record PolicyKey(Direction direction, String source, String destination, int sourcePort, int destinationPort) {
        static PolicyKey of(Msa m) {
            return new PolicyKey(m.direction(), m.source(), m.id().destination(), m.sourcePort(), m.destinationPort());
        }
    }

    private final String name;
    private final SaEventListener listener;
    private final Set<SaCapability> capabilities;
    private final System.Logger log;
    private final Map<SaId, Msa> installed = new LinkedHashMap<>();
    private final Map<PolicyKey, Integer> policyUsers = new HashMap<>();
    private boolean closed;

    /**
     * @param name the sink's name, for messages ({@code "xfrm"}, {@code "pfkey"})
     * @param listener receives expiry events of our SAs
     * @param capabilities what the sink found at open; MSAs needing anything else are refused
     */
    protected KernelSaSink(String name, SaEventListener listener, Set<SaCapability> capabilities) {
        this.name = Objects.requireNonNull(name, "name");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.capabilities = Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        this.log = System.getLogger("org.miked.sink." + name);
    }

    /**
     * Adds the SA to the kernel; called under the lock with an MSA that is not installed and that the
     * capabilities support.
     *
     * @param msa the MSA
     * @throws SaException if refused; nothing may stay installed then
     */
    protected abstract void addSa(Msa msa) throws SaException;

    /**
     * Adds the policy; called under the lock for the first SA of its policy key, after {@link #addSa}.
     *
     * @param msa that MSA
     * @throws SaException if refused (the SA is then deleted again)
     */
    protected abstract void addPolicy(Msa msa) throws SaException;

    /**
     * Deletes the SA; called under the lock.
     *
     * @param msa an installed MSA
     * @throws SaException if refused; an SA the kernel already dropped is not an error
     */
    protected abstract void deleteSa(Msa msa) throws SaException;

    /**
     * Deletes the policy; called under the lock for the last SA of its policy key, after {@link #deleteSa}.
     *
     * @param msa that MSA
     * @throws SaException if refused; a policy the kernel no longer has is not an error
     */
    protected abstract void deletePolicy(Msa msa) throws SaException;

    /** Releases the sink's sockets; called once, by {@link #close}, after every SA was deleted. */
    protected abstract void release();

    /** @return the capabilities given at construction (unmodifiable) */
    @Override
    public final Set<SaCapability> capabilities() {
        return capabilities;
    }

    /**
     * Installs the SA and, for the first SA of its policy key, the policy.
     *
     * @param msa the MSA
     * @throws SaException if closed, already installed, unsupported or refused; nothing is installed then
     *     (if even deleting the SA again after a refused policy failed, that failure is attached as suppressed)
     */
    @Override
    public final synchronized void install(Msa msa) throws SaException {
        Objects.requireNonNull(msa, "msa");
        checkOpen();
        if (installed.containsKey(msa.id())) {
            throw new SaException("MSA " + msa.id() + " is already installed: delete it first");
        }
        checkSupported(msa);
        addSa(msa);
        PolicyKey pk = PolicyKey.of(msa);
        if (!policyUsers.containsKey(pk)) {
            try {
                addPolicy(msa);
            } catch (SaException e) {
                try {
                    deleteSa(msa); // nothing stays installed when the policy is refused
                } catch (SaException | RuntimeException again) {
                    log.log(System.Logger.Level.WARNING, msa.id() + ": its policy was refused and deleting its SA "
                            + "again failed: " + again.getMessage());
                    e.addSuppressed(again);
                }
                throw e;
            }
        }
        policyUsers.merge(pk, 1, Integer::sum);
        installed.put(msa.id(), msa);
    }

    private void checkSupported(Msa msa) throws SaException {
        SaEndpoints e = SaEndpoints.of(msa);
        if (msa.id().protocol() == IpsecProtocol.AH_ESP && !capabilities.contains(SaCapability.AH)) {
            throw new SaException(msa.id() + ": the " + name + " sink installs ESP only; AH+ESP needs a second (AH) SA "
                    + "that it does not build");
        }
        if (!capabilities.contains(SaCapability.ESP)) {
            throw new SaException(msa.id() + ": the " + name + " sink found no ESP in this kernel at open");
        }
        SaCapability family = e.v6() ? SaCapability.IPV6 : SaCapability.IPV4;
        if (!capabilities.contains(family)) {
            throw new SaException(msa.id() + ": this kernel has no ESP for " + (e.v6() ? "IPv6 (module esp6)"
                    : "IPv4 (module esp4)") + ": the " + name + " sink's probe at open failed for it");
        }
    }

    /**
     * Deletes the SA and, with the last SA of its policy key, the policy. An absent id is not an error.
     *
     * @param id the MSA
     * @throws SaException if closed or refused: if the SA's delete was refused it stays installed and listed;
     *     if only the policy's was, the SA is gone (and forgotten) and the policy stays in the kernel
     */
    @Override
    public final synchronized void delete(SaId id) throws SaException {
        checkOpen();
        remove(id);
    }

    private void remove(SaId id) throws SaException {
        Msa msa = installed.get(id);
        if (msa == null) {
            return;
        }
        deleteSa(msa);
        installed.remove(id);
        releasePolicy(msa);
    }

    private void releasePolicy(Msa msa) throws SaException {
        PolicyKey pk = PolicyKey.of(msa);
        if (policyUsers.merge(pk, -1, Integer::sum) > 0) {
            return;
        }
        policyUsers.remove(pk);
        deletePolicy(msa);
    }

    /** @return the MSAs installed and not deleted or hard-expired, in installation order */
    @Override
    public final synchronized List<Msa> list() {
        return new ArrayList<>(installed.values());
    }

    /**
     * An expiry reported by the kernel. Ours (matched by SPI and destination) go to the listener, outside
     * the lock; a hard one also forgets the SA (the kernel deleted it) and releases its policy.
     *
     * @param spi the expired SA's SPI
     * @param destination its destination, 4 or 16 bytes (an IPv4 address may come zero-padded to 16, as in
     *     {@code xfrm_address_t})
     * @param hard true for the hard lifetime
     * @return the id reported, or null if the SA is not one of ours
     */
    protected final SaId expired(int spi, byte[] destination, boolean hard) {
        SaId id;
        synchronized (this) {
            id = find(spi, destination);
            if (id == null) {
                return null;
            }
            if (hard) {
                Msa gone = installed.remove(id);
                try {
                    releasePolicy(gone);
                } catch (SaException | RuntimeException e) {
                    log.log(System.Logger.Level.WARNING, "after hard expiry of " + id + ": " + e.getMessage());
                }
            }
        }
        listener.expired(id, hard);
        return id;
    }

    private SaId find(int spi, byte[] destination) {
        for (Msa m : installed.values()) {
            if (m.id().spi() != spi) {
                continue;
            }
            byte[] dst;
            try {
                dst = SaEndpoints.of(m).dst().getAddress();
            } catch (SaException e) {
                continue; // cannot happen: installed MSAs have valid endpoints
            }
            if (destination.length >= dst.length && Arrays.equals(Arrays.copyOf(dst, destination.length), destination)) {
                return m.id();
            }
        }
        return null;
    }

    /**
     * Deletes every SA this sink installed (failures are logged, the rest still deleted), then
     * {@link #release}s the sockets. Later calls are refused; a second close does nothing.
     */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        for (SaId id : new ArrayList<>(installed.keySet())) {
            try {
                remove(id);
            } catch (SaException | RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "closing: could not delete " + id + ": " + e.getMessage());
            }
        }
        closed = true;
        release();
    }

    private void checkOpen() throws SaException {
        if (closed) {
            throw new SaException(name + " SA sink is closed");
        }
    }
}
