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
 * both counted from the install. A lifetime of 0 means none (kernel convention). Each SA has at most one timer pending (soft, then hard), so 10,000 hosts with 25 SAs
 * each keep 250,000 events in the simulator's queue, not twice that.
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

    /** An installed SA with its one pending lifetime timer. */
    private static final class Entry {
        final Msa msa;
        final long addedAt;
        boolean softDone;
        Cancellable timer;

        Entry(Msa msa, long addedAt) {
            this.msa = msa;
            this.addedAt = addedAt;
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
        arm(e);
    }

    @Override
    public synchronized void delete(SaId id) {
        Entry e = sad.remove(id);
        if (e != null && e.timer != null) {
            e.timer.cancel();
        }
    }

    @Override
    public synchronized List<Msa> list() {
        List<Msa> out = new ArrayList<>(sad.size());
        sad.values().forEach(e -> out.add(e.msa));
        return out;
    }

    @Override
    public synchronized void close() {
        for (Entry e : sad.values()) {
            if (e.timer != null) {
                e.timer.cancel();
            }
        }
        sad.clear();
        closed = true;
    }

    private void validate(Msa msa) throws SaException {
        if (closed) {
            throw new SaException("memory SA sink is closed");
        }
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

    /** (Re)sets the entry's one timer to its next lifetime event; caller holds the lock. */
    private void arm(Entry e) {
        if (e.timer != null) {
            e.timer.cancel();
            e.timer = null;
        }
        long soft = e.msa.softLifetimeS();
        long hard = e.msa.hardLifetimeS();
        long now = clock.millis();
        if (!e.softDone && soft > 0) {
            e.timer = scheduler.schedule(Math.max(0, e.addedAt + soft * 1000 - now), () -> fire(e, false));
        } else if (hard > 0) {
            e.timer = scheduler.schedule(Math.max(0, e.addedAt + hard * 1000 - now), () -> fire(e, true));
        }
    }

    private void fire(Entry e, boolean hard) {
        SaId id;
        synchronized (this) {
            id = e.msa.id();
            if (sad.get(id) != e) {
                return; // deleted or closed meanwhile
            }
            e.timer = null;
            if (hard) {
                sad.remove(id);
            } else {
                e.softDone = true;
                arm(e); // the hard timer is set before the listener runs, whatever it does
            }
        }
        listener.expired(id, hard);
    }
}
