package org.miked.lkh.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.miked.api.MemberId;

/**
 * A key server's leases: when each registered (non-EMCON) receiver last renewed its registration, the last
 * refresh counter it took from it, and who has run out. A receiver that vanished without a LEAVE sends no
 * refresh and no repair request; once its lease ran out the server removes it at the next batch as if it had
 * left (issue 11: forward secrecy against a silent departure).
 *
 * <pre>
 *  join installed --start--> renewed = now, counter 0
 *  REFRESH(leaf, version, c) --refresh: c &gt; counter--> renewed = now, counter = c   (else: renews nothing)
 *  REPAIR_REQ(leaf, version) --renew--> renewed = now
 *  tick --expired(now)--> every lease with now - renewed &gt; lease, removed here; the server then treats each as a leave
 *  leave, eviction --end--> forgotten
 * </pre>
 *
 * Entries are kept in renewal order (a renewal moves its entry to the end), so {@link #expired} looks only at
 * the leases that ran out and the one after: a tick costs O(expired), not O(members).
 */
final class Leases {
    private static final class Lease {
        long renewed;
        long counter;
    }

    private final long leaseMillis;
    private final LinkedHashMap<MemberId, Lease> byRenewal = new LinkedHashMap<>();

    /** @param leaseMillis the lease; 0: none (nothing ever expires) */
    Leases(long leaseMillis) {
        this.leaseMillis = leaseMillis;
    }

    /** @return true if receivers have leases at all */
    boolean enabled() {
        return leaseMillis > 0;
    }

    /** @return the lease in milliseconds (0: none) */
    long leaseMillis() {
        return leaseMillis;
    }

    /** A registration was installed (or a new one replaced the old): its lease runs from now. */
    void start(MemberId id, long now) {
        if (!enabled()) {
            return;
        }
        byRenewal.remove(id);
        Lease l = new Lease();
        l.renewed = now;
        byRenewal.put(id, l);
    }

    /**
     * A refresh of the member's current registration (the caller checked leaf and version).
     *
     * @return true if it renewed the lease; false if its counter is not above the last one taken (a replay or a
     *     reordered older copy), or the member has no lease
     */
    boolean refresh(MemberId id, long counter, long now) {
        Lease l = byRenewal.get(id);
        if (l == null || counter <= l.counter) {
            return false;
        }
        l.counter = counter;
        moveToEnd(id, l, now);
        return true;
    }

    /** Other proof of life of the member's current registration (a repair request): renews, if it has a lease. */
    void renew(MemberId id, long now) {
        Lease l = byRenewal.get(id);
        if (l != null) {
            moveToEnd(id, l, now);
        }
    }

    private void moveToEnd(MemberId id, Lease l, long now) {
        l.renewed = now;
        byRenewal.remove(id);
        byRenewal.put(id, l);
    }

    /** The member left or was evicted: it has no lease any more. */
    void end(MemberId id) {
        byRenewal.remove(id);
    }

    /**
     * @param now the time
     * @return the members whose lease ran out (not renewed for more than the lease), oldest first; they are
     *     forgotten here
     */
    List<MemberId> expired(long now) {
        List<MemberId> out = new ArrayList<>();
        for (Iterator<java.util.Map.Entry<MemberId, Lease>> it = byRenewal.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (now - e.getValue().renewed <= leaseMillis) {
                break;
            }
            out.add(e.getKey());
            it.remove();
        }
        return out;
    }

    /** @return the last refresh counter taken for the member (0: none, or no lease) */
    long counter(MemberId id) {
        Lease l = byRenewal.get(id);
        return l == null ? 0 : l.counter;
    }

    /**
     * A restarted server took the registration back from its state record: a full lease from now (the record
     * does not say when it was last renewed, and its downtime is no fault of the receiver), and the last
     * refresh counter the record kept, so older refreshes stay replays.
     */
    void restore(MemberId id, long now, long counter) {
        if (!enabled()) {
            return;
        }
        start(id, now);
        byRenewal.get(id).counter = counter;
    }

    /** @return milliseconds since the member last renewed, or -1 if it has no lease (EMCON, none configured) */
    long sinceRenewal(MemberId id, long now) {
        Lease l = byRenewal.get(id);
        return l == null ? -1 : now - l.renewed;
    }
}
