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
    private boolean closed;
    /** The one lifetime timer and when it fires ({@code Long.MAX_VALUE}: none). */
    private Cancellable timer;
    private long timerAt = Long.MAX_VALUE;

    /** An installed SA. */
    private static final class Entry {
        final Msa msa;
        final long addedAt;
        boolean softDone;

        Entry(Msa msa, long addedAt) {
            this.msa = msa;
            this.addedAt = addedAt;
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
        if (sad.containsKey(msa.id())) {
            throw new SaException("MSA " + msa.id() + " is already installed (group " + sad.get(msa.id()).msa.group()
                    + ", epoch " + sad.get(msa.id()).msa.epoch() + "): delete it first");
        }
        Entry e = new Entry(msa, clock.millis());
        sad.put(msa.id(), e);
        armFor(e.due());
    }

    @Override
    public synchronized void delete(SaId id) {
        sad.remove(id);
    }

    @Override
    public synchronized List<Msa> list() {
        List<Msa> out = new ArrayList<>(sad.size());
        sad.values().forEach(e -> out.add(e.msa));
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
        closed = true;
    }

    /**
     * The last MSA objects that passed {@link #validate}, process-wide: simulated receivers install the very
     * same immutable objects (their MSA sets are shared), so each is checked once, not 10,000 times. A stale
     * or lost slot only means checking again.
     */
    private static final Msa[] VALIDATED = new Msa[64];

    private static boolean validatedBefore(Msa msa) {
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

    private static void check(Msa msa) throws SaException {
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
            // the hard timer is set before the listeners run, whatever they do
            armFor(next);
        }
        for (Object[] ev : events) {
            listener.expired((SaId) ev[0], (Boolean) ev[1]);
        }
    }
}
