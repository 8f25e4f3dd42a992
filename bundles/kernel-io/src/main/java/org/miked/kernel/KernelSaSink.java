package org.miked.kernel;

import java.io.IOException;
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
import org.miked.api.GroupId;
import org.miked.api.runtime.StateStore;
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
 * installed (never a flush: other daemons' SAs stay), and, after a SIGKILL, {@link #sweepLeftovers} removing
 * what the killed incarnation left: the ledger is also kept in the host's {@link StateStore} (record
 * {@code sa-ledger.<sink>}, {@link SaLedgerRecord}; only when the store is durable, so a simulated host
 * never pays for it). The killed incarnation's outbound SAs and their policies are kept at that sweep, so
 * that the host's data neither goes out in clear (no policy) nor is dropped (policy without SA) while the
 * restarted daemon has no epoch yet; each is deleted once this incarnation's own outbound SA for the same
 * (source, destination) is in the kernel (Linux then sends with the newest: tools/kernel-e2e/run-sa-choice.sh),
 * by {@link #sweepLeftovers(GroupId)}, or at {@link #close}. A subclass only speaks its kernel interface: it implements {@link #addSa},
 * {@link #addPolicy}, {@link #deleteSa}, {@link #deletePolicy} and {@link #release}, reads an SA and a
 * policy back for the sweep ({@link #examineSa}, {@link #examinePolicy}), and passes the kernel's expiries
 * to {@link #expired}.
 *
 * <pre>
 *   install(msa)  closed? duplicate? endpoints, ESP/AH, IPV4/IPV6 in capabilities?
 *                 --> addSa --> first SA of its policy key? --> addPolicy (refused: deleteSa, rethrow)
 *                 --> recorded; policy users + 1
 *   delete(id)    not ours: nothing --> deleteSa (refused: still recorded) --> forgotten; users - 1
 *                 --> last user? --> deletePolicy
 *   expired(spi, dst, hard)  ours? hard: forgotten, policy released --> listener (outside the lock)
 *   close()       delete every recorded SA (failures logged) --> release(); then refused
 *   stored ledger written before addSa (write-ahead: a crash never leaves an SA it does not list), after a
 *                 delete, a hard expiry and close; an installAll / deleteAll writes it once
 *   sweepLeftovers()  (once, at open) stored ledger of the killed incarnation --> per SA: examineSa --> ours?
 *                 inbound: deleteSa; outbound: kept (still sending); per policy key: examinePolicy --> ours?
 *                 a kept SA's: kept, else deletePolicy --> one log line per group
 *   installAll(msas) of an outbound MSA, once all are in the kernel --> kept SAs of the same (source,
 *                 destination): deleteSa, and their policy unless this incarnation's SAs use it (the kernel
 *                 already sends with the new SA: no moment without an SA or a policy)
 *   sweepLeftovers(group), close()  --> the group's / every kept SA: deleteSa, and its unused policy
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
    private final StateStore store;
    private final String record;
    /** SAs being installed (in the stored ledger before the kernel is asked). */
    private List<Msa> pending = List.of();
    /**
     * SAs that may be in the kernel although the sink does not hold them: a killed incarnation's that the
     * sweep could not remove, or one whose deletion after a refused policy failed. Kept in the stored ledger,
     * so the next start tries again.
     */
    private final List<SaLedgerRecord.Entry> strays = new ArrayList<>();
    /**
     * Outbound SAs of a killed incarnation that the sweep at open found still ours and left in the kernel: the
     * host's data goes out under them until this incarnation's own outbound SA of the same (source, destination)
     * replaces them. Kept in the stored ledger. Their policy keys: {@link #keptPolicies}.
     */
    private final List<SaLedgerRecord.Entry> kept = new ArrayList<>();
    /**
     * Outbound policies of a killed incarnation that the sweep found ours and left in the kernel (with or without a
     * kept SA: without a policy the data would go out in clear), by key, each with a remnant to delete it by.
     */
    private final Map<PolicyKey, Msa> keptPolicies = new LinkedHashMap<>();
    private boolean swept;
    private boolean storeWarned;
    private boolean closed;

    /**
     * A sink that keeps no ledger across restarts (as with {@link StateStore#NONE}).
     *
     * @param name the sink's name, for messages ({@code "xfrm"}, {@code "pfkey"})
     * @param listener receives expiry events of our SAs
     * @param capabilities what the sink found at open; MSAs needing anything else are refused
     */
    protected KernelSaSink(String name, SaEventListener listener, Set<SaCapability> capabilities) {
        this(name, listener, capabilities, StateStore.NONE);
    }

    /**
     * @param name the sink's name, for messages ({@code "xfrm"}, {@code "pfkey"}); the stored ledger is the
     *     record {@code sa-ledger.<name>}
     * @param listener receives expiry events of our SAs
     * @param capabilities what the sink found at open; MSAs needing anything else are refused
     * @param store the host's state store: where the ledger survives a SIGKILL (not written unless durable)
     */
    protected KernelSaSink(String name, SaEventListener listener, Set<SaCapability> capabilities, StateStore store) {
        this.name = Objects.requireNonNull(name, "name");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.capabilities = Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        this.log = System.getLogger("org.miked.sink." + name);
        this.store = Objects.requireNonNull(store, "store");
        this.record = StateStore.checkName("sa-ledger." + name);
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

    /** What the kernel holds where a killed incarnation's ledger says an SA or a policy of ours was. */
    protected enum Holding {
        /** Still the one we installed (addresses and the sink's marks match): the sweep deletes it. */
        OURS,
        /** Nothing there: already gone (hard expiry, or it was never installed). */
        ABSENT,
        /** Something there that is not ours (another daemon's, a manual one): never touched. */
        FOREIGN
    }

    /**
     * The answer of {@link #examineSa} / {@link #examinePolicy}.
     *
     * @param holding what is there
     * @param detail for FOREIGN: what differs (for the log); else empty
     */
    protected record Found(Holding holding, String detail) {
        /** Ours. */
        public static final Found OURS = new Found(Holding.OURS, "");
        /** Absent. */
        public static final Found ABSENT = new Found(Holding.ABSENT, "");

        public Found {
            Objects.requireNonNull(holding, "holding");
            Objects.requireNonNull(detail, "detail");
        }

        /**
         * @param why what differs from what we installed
         * @return a FOREIGN answer
         */
        public static Found foreign(String why) {
            return new Found(Holding.FOREIGN, why);
        }
    }

    /**
     * Reads back the SA at a recorded SA's place (SPI, destination, protocol) and says whether it is still
     * the one we installed. Called under the lock, by {@link #sweepLeftovers} only. The default cannot read
     * SAs back and answers FOREIGN, so a sink that does not override it never deletes a leftover.
     *
     * @param remnant the recorded SA: id, source, ports, direction (no keys)
     * @return what the kernel holds there
     * @throws SaException if the kernel could not be asked; the sweep then keeps the entry for the next start
     */
    protected Found examineSa(Msa remnant) throws SaException {
        return Found.foreign("the " + name + " sink cannot read SAs back");
    }

    /**
     * Reads back the policy of a recorded SA's policy key and says whether it is still ours. Called under the
     * lock, by {@link #sweepLeftovers} only, for a key none of whose recorded SAs was FOREIGN. The default
     * answers FOREIGN.
     *
     * @param remnant a recorded SA of that key
     * @return what the kernel holds there
     * @throws SaException if the kernel could not be asked
     */
    protected Found examinePolicy(Msa remnant) throws SaException {
        return Found.foreign("the " + name + " sink cannot read policies back");
    }

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
        installAll(List.of(msa));
    }

    /**
     * Installs the MSAs one by one, all or none, with the stored ledger written once before the kernel is
     * asked (write-ahead: a crash after an SA reached the kernel leaves a ledger that lists it) and, after a
     * refusal, once more without the refused ones. What holds after a refusal is {@link SaSink#installAll}'s;
     * if the stored ledger cannot be written the MSAs are installed all the same (logged once: after a crash
     * they could then not be recognised).
     *
     * @param msas the MSAs, distinct
     * @throws SaException naming the MSA that was refused and why (a single MSA's refusal unchanged); the sink
     *     then holds what it held before
     */
    @Override
    public final synchronized void installAll(List<Msa> msas) throws SaException {
        checkOpen();
        for (Msa msa : msas) {
            Objects.requireNonNull(msa, "msa");
            if (installed.containsKey(msa.id())) {
                throw new SaException("MSA " + msa.id() + " is already installed: delete it first");
            }
            checkSupported(msa);
        }
        pending = List.copyOf(msas);
        persist();
        boolean done = false;
        try {
            for (int i = 0; i < msas.size(); i++) {
                Msa msa = msas.get(i);
                try {
                    installOne(msa);
                } catch (SaException e) {
                    if (msas.size() == 1) {
                        throw e;
                    }
                    StringBuilder undo = new StringBuilder();
                    for (int j = 0; j < i; j++) {
                        try {
                            remove(msas.get(j).id());
                        } catch (SaException d) {
                            undo.append("; and could not delete again ").append(msas.get(j).id()).append(": ")
                                    .append(d.getMessage());
                        }
                    }
                    throw new SaException(msa + ": " + e.getMessage() + undo);
                }
            }
            done = true;
        } finally {
            pending = List.of();
            if (!done) {
                persist(); // what was refused is not in the kernel: out of the stored ledger
            }
        }
        if (!kept.isEmpty() && retireKept(msas)) {
            persist();
        }
    }

    /**
     * After outbound MSAs are in the kernel: deletes the kept SAs of a killed incarnation with the same source and
     * destination (the kernel sends with the newest SA, so it already uses the new one), and their policies unless
     * this incarnation's SAs use them. A refusal is logged and the SA stays kept (tried again with the next
     * install, {@link #sweepLeftovers(GroupId)} and {@link #close}); the install has succeeded all the same.
     *
     * @return true if anything was deleted
     */
    private boolean retireKept(List<Msa> msas) {
        java.util.function.Predicate<Msa> replaced = r -> r.direction() == Direction.OUTBOUND && msas.stream().anyMatch(
                m -> m.direction() == Direction.OUTBOUND && m.source().equals(r.source())
                        && m.id().destination().equals(r.id().destination()));
        int sas = (int) kept.stream().filter(e -> replaced.test(e.remnant())).count();
        if (sas == 0 && keptPolicies.values().stream().noneMatch(replaced)) {
            return false;
        }
        List<String> failed = removeKept(replaced);
        if (!failed.isEmpty()) {
            log.log(System.Logger.Level.WARNING, name + " sink: could not remove what a killed incarnation left after "
                    + "this one's outbound SA replaced it (kept for a later try): " + String.join(", ", failed));
        } else {
            log.log(System.Logger.Level.INFO, name + " sink: group " + msas.get(0).group() + ": removed " + sas
                    + (sas == 1 ? " outbound SA" : " outbound SAs") + " of a killed incarnation, now that this "
                    + "incarnation's own is in the kernel");
        }
        return true;
    }

    /**
     * Deletes the kept SAs the predicate selects (by their remnant), then each selected kept policy that no kept SA
     * uses any more: forgotten if this incarnation's SAs use its key (it goes with their last), else deleted. What
     * could not be deleted stays kept.
     *
     * @return one text per refusal
     */
    private List<String> removeKept(java.util.function.Predicate<Msa> which) {
        List<String> failed = new ArrayList<>();
        for (SaLedgerRecord.Entry e : new ArrayList<>(kept)) {
            if (!which.test(e.remnant())) {
                continue;
            }
            try {
                deleteSa(e.remnant());
                kept.remove(e);
            } catch (SaException | RuntimeException x) {
                failed.add(String.format("SA 0x%08x: ", e.id().spi()) + x.getMessage());
            }
        }
        for (Map.Entry<PolicyKey, Msa> p : new ArrayList<>(keptPolicies.entrySet())) {
            PolicyKey pk = p.getKey();
            Msa r = p.getValue();
            if (!which.test(r) || kept.stream().anyMatch(k -> PolicyKey.of(k.remnant()).equals(pk))) {
                continue;
            }
            if (policyUsers.containsKey(pk)) {
                keptPolicies.remove(pk); // this incarnation's SAs use it now: it goes with their last
                continue;
            }
            try {
                deletePolicy(r);
                keptPolicies.remove(pk);
            } catch (SaException | RuntimeException x) {
                failed.add("policy " + r.direction() + " " + r.source() + " -> " + r.id().destination() + ": "
                        + x.getMessage());
            }
        }
        return failed;
    }

    /**
     * @param source the sender's address
     * @param destination the group's data address
     * @return true while an outbound SA of that pair that a killed incarnation left is kept (the kernel sends under it)
     */
    @Override
    public final synchronized boolean sendsUnderLeftover(String source, String destination) {
        return kept.stream().anyMatch(e -> e.direction() == Direction.OUTBOUND && e.source().equals(source)
                && e.id().destination().equals(destination));
    }

    /**
     * Deletes now what a killed incarnation left in the kernel for this group and this sink kept at open (its
     * outbound SAs and their policies): for a group that stops at this host before its own outbound SA replaced
     * them. The host's data to the group is then no longer protected, as after a leave.
     *
     * @param group the group
     * @throws SaException if the sink is closed, or naming each SA or policy the kernel refused to delete; those
     *     stay kept and in the stored ledger (tried again by the next call, an outbound install of the same pair,
     *     {@link #close} and the next start), everything else is gone
     */
    @Override
    public final synchronized void sweepLeftovers(GroupId group) throws SaException {
        checkOpen();
        java.util.function.Predicate<Msa> ofGroup = r -> r.group().equals(group);
        int sas = (int) kept.stream().filter(e -> ofGroup.test(e.remnant())).count();
        if (sas == 0 && keptPolicies.values().stream().noneMatch(ofGroup)) {
            return;
        }
        List<String> failed = removeKept(ofGroup);
        persist();
        if (!failed.isEmpty()) {
            throw new SaException(name + " sink: group " + group + ": could not remove what a killed incarnation left: "
                    + String.join("; ", failed));
        }
        log.log(System.Logger.Level.INFO, name + " sink: group " + group + ": removed " + sas
                + (sas == 1 ? " outbound SA" : " outbound SAs") + " and the policies a killed incarnation left");
    }

    private void installOne(Msa msa) throws SaException {
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
                    strays.add(SaLedgerRecord.Entry.of(msa)); // may still be in the kernel: stays in the stored ledger
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
        if (!installed.containsKey(id)) {
            return;
        }
        try {
            remove(id);
        } finally {
            persist();
        }
    }

    /**
     * Deletes the MSAs, writing the stored ledger once after them instead of once per MSA. What holds is
     * {@link SaSink#deleteAll}'s.
     *
     * @param msas the MSAs
     * @throws SaException after trying every one, if any deletion was refused; the message names each
     */
    @Override
    public final synchronized void deleteAll(List<Msa> msas) throws SaException {
        checkOpen();
        StringBuilder failed = null;
        boolean changed = false;
        for (Msa m : msas) {
            if (!installed.containsKey(m.id())) {
                continue;
            }
            changed = true;
            try {
                remove(m.id());
            } catch (SaException e) {
                failed = failed == null ? new StringBuilder() : failed.append("; ");
                failed.append(m.id()).append(": ").append(e.getMessage());
            }
        }
        if (changed) {
            persist();
        }
        if (failed != null) {
            throw new SaException(failed.toString());
        }
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
                if (hard && kept.removeIf(e -> e.id().spi() == spi && matches(e.remnant(), destination))) {
                    persist(); // a kept SA the kernel dropped; its policy stays kept (data is dropped, never clear)
                }
                return null;
            }
            if (hard) {
                Msa gone = installed.remove(id);
                try {
                    releasePolicy(gone);
                } catch (SaException | RuntimeException e) {
                    log.log(System.Logger.Level.WARNING, "after hard expiry of " + id + ": " + e.getMessage());
                }
                persist();
            }
        }
        listener.expired(id, hard);
        return id;
    }

    private SaId find(int spi, byte[] destination) {
        for (Msa m : installed.values()) {
            if (m.id().spi() == spi && matches(m, destination)) {
                return m.id();
            }
        }
        return null;
    }

    private static boolean matches(Msa m, byte[] destination) {
        byte[] dst;
        try {
            dst = SaEndpoints.of(m).dst().getAddress();
        } catch (SaException e) {
            return false; // cannot happen: installed and recorded MSAs have valid endpoints
        }
        return destination.length >= dst.length && Arrays.equals(Arrays.copyOf(dst, destination.length), destination);
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
        if (!kept.isEmpty() || !keptPolicies.isEmpty()) {
            List<String> failed = removeKept(r -> true);
            if (!failed.isEmpty()) {
                log.log(System.Logger.Level.WARNING, "closing: could not delete what a killed incarnation left: "
                        + String.join(", ", failed));
            }
        }
        persist(); // empty after a clean close: the record is removed; what could not be deleted stays listed
        closed = true;
        release();
    }

    /**
     * Writes the stored ledger: the SAs installed, being installed and strays. Nothing when the store is not
     * durable (a simulated host, or a daemon without a state directory). A failure is logged once and does
     * not stop the sink: the SAs work, only a crash could then not be cleaned up after.
     */
    private void persist() {
        if (!store.durable()) {
            return;
        }
        List<SaLedgerRecord.Entry> all = new ArrayList<>(strays);
        all.addAll(kept);
        for (Msa p : keptPolicies.values()) {
            SaLedgerRecord.Entry e = SaLedgerRecord.Entry.of(p);
            if (!all.contains(e)) {
                all.add(e); // its SA expired: the policy still needs removing after the next crash
            }
        }
        for (Msa m : installed.values()) {
            all.add(SaLedgerRecord.Entry.of(m));
        }
        for (Msa m : pending) {
            all.add(SaLedgerRecord.Entry.of(m));
        }
        try {
            store.put(record, all.isEmpty() ? null : SaLedgerRecord.encode(all));
        } catch (IOException | RuntimeException e) {
            if (!storeWarned) {
                storeWarned = true;
                log.log(System.Logger.Level.WARNING, name + " sink: cannot keep its SA ledger (record " + record + " in "
                        + store + "): " + e.getMessage() + "; after a crash its SAs could not be recognised and would stay "
                        + "in the kernel until their hard lifetime");
            }
        }
    }

    /** What the sweep did in one group. */
    private static final class Tally {
        int sas;
        int policies;
        int gone;
        final List<String> keptSas = new ArrayList<>();
        int keptPolicies;
        final List<String> foreign = new ArrayList<>();
        final List<String> failed = new ArrayList<>();

        String line(String sink, GroupId group) {
            StringBuilder b = new StringBuilder(sink).append(" sink: group ").append(group).append(": removed ")
                    .append(sas).append(sas == 1 ? " SA" : " SAs").append(" and ").append(policies)
                    .append(policies == 1 ? " policy" : " policies").append(" left by a killed incarnation");
            if (gone > 0) {
                b.append("; ").append(gone).append(" already gone");
            }
            if (!keptSas.isEmpty() || keptPolicies > 0) {
                b.append("; kept ").append(keptSas.size()).append(keptSas.size() == 1 ? " outbound SA" : " outbound SAs")
                        .append(keptSas.isEmpty() ? "" : " (" + String.join(", ", keptSas) + ")").append(" and ")
                        .append(keptPolicies)
                        .append(keptPolicies == 1 ? " policy" : " policies")
                        .append(" until this incarnation's own outbound SA replaces them: the host's data goes out under "
                                + "them meanwhile");
            }
            if (!foreign.isEmpty()) {
                b.append("; left ").append(foreign.size()).append(" that are no longer ours: ")
                        .append(String.join(", ", foreign));
            }
            if (!failed.isEmpty()) {
                b.append("; could not remove ").append(failed.size()).append(" (kept in the ledger for the next start): ")
                        .append(String.join(", ", failed));
            }
            return b.toString();
        }
    }

    /**
     * Removes what a killed incarnation of this daemon left in the kernel: exactly the SAs the stored ledger
     * lists, each only after {@link #examineSa} found that the kernel still holds the one we installed (an
     * SA of another daemon or of a manual configuration, even with the same SPI and destination, is never
     * touched; SAs the ledger does not list are never looked at), then the policy of each of their policy
     * keys that {@link #examinePolicy} finds ours. Never a flush. Outbound SAs that are still ours and their
     * outbound policies are kept instead (issue 12): deleting them would leave the host's data to the group
     * without an SA (dropped) or, once the policy is gone too, in clear until this incarnation has an epoch; each is
     * deleted once this incarnation's own outbound SA for the same (source, destination) is in the kernel, by
     * {@link #sweepLeftovers(GroupId)}, or at {@link #close}. Called once by the sink's factory right
     * after construction, before any install (so no SA of this incarnation can be mistaken for a leftover,
     * and none of its installs can collide with one); later calls do nothing. Logs one line per group.
     *
     * <p>Failure contract: never throws, and the sink is usable whatever happened. An SA or policy that could
     * not be examined or deleted is named in its group's line and kept in the stored ledger, so the next
     * start tries again; a stored ledger that cannot be parsed is reported by name, kept as
     * {@code sa-ledger.<sink>.corrupt}, and nothing is removed (the kernel's SAs then stay until their hard
     * lifetime); with a store that is not durable there is nothing to sweep.
     *
     * @return the log lines, one per group of the stored ledger (plus one for an unreadable ledger)
     */
    public final synchronized List<String> sweepLeftovers() {
        if (swept || closed) {
            return List.of();
        }
        swept = true;
        if (!store.durable()) {
            log.log(System.Logger.Level.INFO, name + " sink: the host keeps no state (no stateDirectory): SAs of a "
                    + "killed incarnation cannot be recognised, and this one's would not be after a crash");
            return List.of();
        }
        byte[] stored;
        List<SaLedgerRecord.Entry> entries;
        try {
            stored = store.get(record);
            if (stored == null) {
                return List.of();
            }
            entries = SaLedgerRecord.decode(stored);
        } catch (RuntimeException e) {
            String line = name + " sink: state record " + record + " in " + store + " is not a valid SA ledger ("
                    + e.getMessage() + "): removed nothing; SAs a killed incarnation left stay until their hard "
                    + "lifetime; the record is kept as " + record + ".corrupt";
            log.log(System.Logger.Level.WARNING, line);
            try {
                store.put(record + ".corrupt", store.get(record));
            } catch (IOException | RuntimeException again) {
                // reported above; the next persist replaces the record
            }
            return List.of(line);
        }
        Map<GroupId, Tally> tallies = new LinkedHashMap<>();
        Map<PolicyKey, Msa> keys = new LinkedHashMap<>();
        Set<PolicyKey> foreignKeys = new java.util.HashSet<>();
        for (SaLedgerRecord.Entry e : entries) {
            Tally t = tallies.computeIfAbsent(e.group(), g -> new Tally());
            Msa r = e.remnant();
            String spi = String.format("0x%08x", e.id().spi());
            PolicyKey pk = PolicyKey.of(r);
            keys.putIfAbsent(pk, r);
            try {
                Found f = examineSa(r);
                switch (f.holding()) {
                    case ABSENT -> t.gone++;
                    case FOREIGN -> {
                        t.foreign.add("SA " + spi + " (" + f.detail() + ")");
                        foreignKeys.add(pk);
                    }
                    case OURS -> {
                        if (r.direction() == Direction.OUTBOUND) { // still sending: kept until replaced
                            kept.add(e);
                            t.keptSas.add(spi);
                        } else {
                            deleteSa(r);
                            t.sas++;
                        }
                    }
                }
            } catch (SaException | RuntimeException x) {
                t.failed.add("SA " + spi + ": " + x.getMessage());
                strays.add(e);
            }
        }
        for (Map.Entry<PolicyKey, Msa> k : keys.entrySet()) {
            if (foreignKeys.contains(k.getKey())) {
                continue; // someone else's SAs took this place: their policy is theirs
            }
            Msa r = k.getValue();
            Tally t = tallies.get(r.group());
            String what = "policy " + r.direction() + " " + r.source() + " -> " + r.id().destination();
            try {
                Found f = examinePolicy(r);
                switch (f.holding()) {
                    case ABSENT -> { }
                    case FOREIGN -> t.foreign.add(what + " (" + f.detail() + ")");
                    case OURS -> {
                        if (r.direction() == Direction.OUTBOUND) { // without it the data would go out in clear
                            keptPolicies.put(k.getKey(), r);
                            t.keptPolicies++;
                        } else {
                            deletePolicy(r);
                            t.policies++;
                        }
                    }
                }
            } catch (SaException | RuntimeException x) {
                t.failed.add(what + ": " + x.getMessage());
                if (strays.stream().noneMatch(s -> PolicyKey.of(s.remnant()).equals(k.getKey()))) {
                    strays.add(SaLedgerRecord.Entry.of(r));
                }
            }
        }
        persist();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<GroupId, Tally> t : tallies.entrySet()) {
            String line = t.getValue().line(name, t.getKey());
            lines.add(line);
            log.log(t.getValue().failed.isEmpty() ? System.Logger.Level.INFO : System.Logger.Level.WARNING, line);
        }
        return lines;
    }

    private void checkOpen() throws SaException {
        if (closed) {
            throw new SaException(name + " SA sink is closed");
        }
    }
}
