package org.miked.sink.memory.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.miked.api.runtime.Cancellable;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.runtime.Scheduler;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.api.sa.SaSink;

/**
 * One simulated host's SA database. Stores MSAs by {@link SaId}, refuses what a kernel would refuse
 * (duplicates, bad key or ICV sizes, non-literal addresses), and times lifetimes on the host's clock:
 * {@code expired(id, false)} at the soft lifetime, delete and {@code expired(id, true)} at the hard one,
 * both counted from the install. A lifetime of 0 means none (kernel convention). The sink keeps one timer
 * for all its SAs, armed for the earliest lifetime event; deleting an SA does not touch it (a timer that
 * finds nothing due re-arms for the next). A simulated receiver installs 25 MSAs per epoch and deletes them
 * an epoch later: one timer per SA, cancelled at the delete, left 25 dead events per epoch and host in the
 * simulator's queue until their lifetime (an hour), 150 million in the paper's hour.
 *
 * <p>{@link #installAll} keeps the caller's list as one {@link Batch} (the GMF's MSA set of an epoch, which
 * every simulated receiver of a process shares): a host then holds a reference and a time per epoch, not 25
 * map entries, and {@link #deleteAll} with the same list drops it at once. At 100,000 receivers that is the
 * difference between 5 million scattered map operations per epoch and 200,000. A batch is checked for
 * duplicates against what the host holds through its SPIs, sorted once per list, process-wide. Deleting one
 * MSA of a batch, or a hard lifetime ending, turns the batch back into single entries first.
 *
 * <p>Thread-safe; listener callbacks are made without holding the lock, on the host's scheduler.
 */
final class MemorySink implements SaSink {
    /** Exactly what {@link #validate} accepts: ESP and AH+ESP, IPv4 and IPv6; expiries from its own timers. */
    private static final Set<SaCapability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            SaCapability.ESP, SaCapability.AH, SaCapability.IPV4, SaCapability.IPV6, SaCapability.EXPIRE_EVENTS));

    private final Clock clock;
    private final Scheduler scheduler;
    private final SaEventListener listener;
    private final Map<SaId, Entry> sad = new LinkedHashMap<>(4);
    /** MSAs installed together, oldest first; {@code batchCount} of them are used. */
    private Batches.Batch[] batches = NO_BATCHES;
    private int batchCount;
    private static final Batches.Batch[] NO_BATCHES = new Batches.Batch[0];
    /** A batch keeps a soft-lifetime bit per MSA. */
    static final int MAX_BATCH = 64;
    private boolean closed;
    /** The one lifetime timer and when it fires ({@code Long.MAX_VALUE}: none). */
    private Cancellable timer;
    private long timerAt = Long.MAX_VALUE;
    /** Installs so far: each entry and batch records its place in the order ({@link #outboundFor}). */
    private long installs;

    /** An installed SA. */
    private static final class Entry {
        final Msa msa;
        final long addedAt;
        /** Install order across entries and batches (a kernel prefers the newest outbound SA). */
        final long seq;
        boolean softDone;

        Entry(Msa msa, long addedAt, long seq) {
            this.msa = msa;
            this.addedAt = addedAt;
            this.seq = seq;
        }

        /** @return when its next lifetime event is due, or {@code Long.MAX_VALUE} */
        long due() {
            long soft = msa.softLifetimeS();
            long hard = msa.hardLifetimeS();
            if (!softDone && soft > 0) {
                return addedAt + soft * 1000;
            }
            return hard > 0 ? addedAt + hard * 1000 : Long.MAX_VALUE;
        }
    }


    MemorySink(HostRuntime host, SaEventListener listener) {
        this.clock = host.clock();
        this.scheduler = host.scheduler();
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public Set<SaCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public synchronized void install(Msa msa) throws SaException {
        Objects.requireNonNull(msa, "msa");
        validate(msa);
        Msa held = held(msa.id());
        if (held != null) {
            throw duplicate(msa.id(), held);
        }
        Entry e = new Entry(msa, clock.millis(), ++installs);
        sad.put(msa.id(), e);
        armFor(e.due());
    }

    private static SaException duplicate(SaId id, Msa held) {
        return new SaException("MSA " + id + " is already installed (group " + held.group() + ", epoch "
                + held.epoch() + "): delete it first");
    }

    /** @return the installed MSA with this id, or null */
    private Msa held(SaId id) {
        Entry e = sad.isEmpty() ? null : sad.get(id);
        if (e != null) {
            return e.msa;
        }
        for (int b = 0; b < batchCount; b++) {
            int i = batches[b].order.indexOf(id);
            if (i >= 0) {
                return batches[b].msas().get(i);
            }
        }
        return null;
    }

    @Override
    public synchronized void installAll(List<Msa> msas) throws SaException {
        Objects.requireNonNull(msas, "msas");
        if (msas.size() < 2 || msas.size() > MAX_BATCH) {
            SaSink.super.installAll(msas);
            return;
        }
        if (closed) {
            throw new SaException("memory SA sink is closed");
        }
        Batches.Order o = Batches.orderOf(msas);
        if (!sad.isEmpty()) {
            for (Msa m : msas) {
                Entry e = sad.get(m.id());
                if (e != null) {
                    throw new SaException(m + ": " + duplicate(m.id(), e.msa).getMessage());
                }
            }
        }
        for (int b = 0; b < batchCount; b++) {
            Msa m = o.overlap(batches[b].order);
            if (m != null) {
                Msa held = batches[b].msas().get(batches[b].order.indexOf(m.id()));
                throw new SaException(m + ": " + duplicate(m.id(), held).getMessage());
            }
        }
        Batches.Batch batch = new Batches.Batch(o, clock.millis(), ++installs);
        if (batchCount == batches.length) {
            batches = java.util.Arrays.copyOf(batches, Math.max(2, batchCount * 2));
        }
        batches[batchCount++] = batch;
        armFor(batch.due());
    }

    @Override
    public synchronized void delete(SaId id) {
        if (sad.remove(id) != null) {
            return;
        }
        for (int b = 0; b < batchCount; b++) {
            if (batches[b].order.indexOf(id) >= 0) {
                explode(b);
                sad.remove(id);
                return;
            }
        }
    }

    @Override
    public synchronized void deleteAll(List<Msa> msas) {
        for (int b = 0; b < batchCount; b++) {
            if (batches[b].msas() == msas) {
                removeBatch(b);
                return;
            }
        }
        for (Msa m : msas) {
            delete(m.id());
        }
    }

    /** Turns a batch into single entries (one of its MSAs is deleted or ends alone). */
    private void explode(int b) {
        Batches.Batch batch = batches[b];
        removeBatch(b);
        List<Msa> msas = batch.msas();
        for (int i = 0; i < msas.size(); i++) {
            Entry e = new Entry(msas.get(i), batch.addedAt, batch.seq);
            e.softDone = (batch.softDone & (1L << i)) != 0;
            sad.put(e.msa.id(), e);
        }
    }

    private void removeBatch(int b) {
        System.arraycopy(batches, b + 1, batches, b, batchCount - b - 1);
        batches[--batchCount] = null;
    }

    @Override
    public synchronized java.util.Optional<Msa> find(SaId id) {
        return java.util.Optional.ofNullable(held(id));
    }

    /**
     * What Linux's {@code xfrm_state_find} picks for an outbound packet among the valid states of its policy:
     * one that has not reached its soft lifetime over one that has ("dying"), then the one added last.
     */
    @Override
    public synchronized java.util.Optional<Msa> outboundFor(String source, String destination) {
        Msa best = null;
        boolean bestDying = true;
        long bestSeq = -1;
        for (Entry e : sad.values()) {
            Msa m = e.msa;
            if (isOutbound(m, source, destination) && better(e.softDone, e.seq, bestDying, bestSeq)) {
                best = m;
                bestDying = e.softDone;
                bestSeq = e.seq;
            }
        }
        for (int b = 0; b < batchCount; b++) {
            Batches.Batch batch = batches[b];
            List<Msa> msas = batch.msas();
            for (int i = 0; i < msas.size(); i++) {
                Msa m = msas.get(i);
                boolean dying = (batch.softDone & (1L << i)) != 0;
                if (isOutbound(m, source, destination) && better(dying, batch.seq, bestDying, bestSeq)) {
                    best = m;
                    bestDying = dying;
                    bestSeq = batch.seq;
                }
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    private static boolean isOutbound(Msa m, String source, String destination) {
        return m.direction() == org.miked.api.sa.Direction.OUTBOUND && m.source().equals(source)
                && m.id().destination().equals(destination);
    }

    /** @return true if an SA (dying?, install order) beats the best so far: not dying first, then newest */
    private static boolean better(boolean dying, long seq, boolean bestDying, long bestSeq) {
        return bestSeq < 0 || (bestDying && !dying) || (dying == bestDying && seq > bestSeq);
    }

    @Override
    public synchronized List<Msa> list() {
        List<Msa> out = new ArrayList<>(sad.size() + batchCount * 25);
        sad.values().forEach(e -> out.add(e.msa));
        for (int b = 0; b < batchCount; b++) {
            out.addAll(batches[b].msas());
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        timerAt = Long.MAX_VALUE;
        sad.clear();
        batches = NO_BATCHES;
        batchCount = 0;
        closed = true;
    }

    /**
     * The last MSA objects that passed {@link #validate}, process-wide: simulated receivers install the very
     * same immutable objects (their MSA sets are shared), so each is checked once, not 10,000 times. A stale
     * or lost slot only means checking again.
     */
    private static final Msa[] VALIDATED = new Msa[1024];

    static boolean validatedBefore(Msa msa) {
        for (Msa m : VALIDATED) {
            if (m == msa) {
                return true;
            }
        }
        return false;
    }

    private void validate(Msa msa) throws SaException {
        if (closed) {
            throw new SaException("memory SA sink is closed");
        }
        if (validatedBefore(msa)) {
            return;
        }
        check(msa);
        VALIDATED[(System.identityHashCode(msa) & 0x7fffffff) % VALIDATED.length] = msa;
    }

    static void check(Msa msa) throws SaException {
        long soft = msa.softLifetimeS();
        long hard = msa.hardLifetimeS();
        if (soft < 0 || hard < 0 || (soft > 0 && hard > 0 && soft > hard)) {
            throw new SaException(msa.id() + ": lifetimes must be >= 0 and soft (" + soft + " s) <= hard (" + hard
                    + " s); 0 means none");
        }
        if (msa.replayWindow() < 0) {
            throw new SaException(msa.id() + ": replay window must be >= 0, got " + msa.replayWindow());
        }
        Algorithms.check(msa);
        Addresses.check(msa);
    }

    /** Makes sure the timer fires no later than {@code due}; caller holds the lock. */
    private void armFor(long due) {
        if (due >= timerAt || closed) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        timerAt = due;
        timer = scheduler.schedule(Math.max(0, due - clock.millis()), this::onTimer);
    }

    /** Fires every lifetime event that is due, in install order, then re-arms for the next one. */
    private void onTimer() {
        List<Object[]> events = new ArrayList<>();
        synchronized (this) {
            timer = null;
            timerAt = Long.MAX_VALUE;
            if (closed) {
                return;
            }
            long now = clock.millis();
            // a hard lifetime ends MSAs one by one: a batch with one due becomes single entries first (rare)
            for (int b = batchCount - 1; b >= 0; b--) {
                if (batches[b].hardDue(now)) {
                    explode(b);
                }
            }
            long next = Long.MAX_VALUE;
            for (java.util.Iterator<Entry> it = sad.values().iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (!e.softDone && e.msa.softLifetimeS() > 0 && e.due() <= now) {
                    e.softDone = true;
                    events.add(new Object[] {e.msa.id(), false});
                }
                if (e.softDone || e.msa.softLifetimeS() <= 0) {
                    long hard = e.msa.hardLifetimeS();
                    if (hard > 0 && e.addedAt + hard * 1000 <= now) {
                        it.remove();
                        events.add(new Object[] {e.msa.id(), true});
                        continue;
                    }
                }
                next = Math.min(next, e.due());
            }
            for (int b = 0; b < batchCount; b++) {
                Batches.Batch batch = batches[b];
                List<Msa> msas = batch.msas();
                for (int i = 0; i < msas.size(); i++) {
                    if ((batch.softDone & (1L << i)) == 0 && msas.get(i).softLifetimeS() > 0 && batch.due(i) <= now) {
                        batch.softDone |= 1L << i;
                        events.add(new Object[] {msas.get(i).id(), false});
                    }
                }
                next = Math.min(next, batch.due());
            }
            // the hard timer is set before the listeners run, whatever they do
            armFor(next);
        }
        for (Object[] ev : events) {
            listener.expired((SaId) ev[0], (Boolean) ev[1]);
        }
    }
}
