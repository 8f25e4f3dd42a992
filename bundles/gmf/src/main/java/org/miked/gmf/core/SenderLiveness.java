package org.miked.gmf.core;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.miked.api.MemberId;

/**
 * Which senders of a group this host believes alive: the live set, when each was last heard, the
 * coordinator (the lowest live id) and who has been silent too long. Pure bookkeeping: the caller
 * supplies the time and decides what silence means for the agreement.
 */
final class SenderLiveness {
    /** Ten heartbeats: at 30% loss all ten are lost with probability 6e-6. */
    static final long DEAD_AFTER_MS = 20_000;

    private final TreeSet<MemberId> live = new TreeSet<>();
    private final Map<MemberId, Long> lastHeard = new HashMap<>();

    /** Every sender of the policy (and this host) is presumed alive. */
    void reset(Collection<MemberId> senders, MemberId self) {
        live.clear();
        live.addAll(senders);
        live.add(self);
    }

    /** Only these members are alive (a START named them). */
    void replaceWith(Collection<MemberId> members) {
        live.clear();
        live.addAll(members);
    }

    /** A run agreed among these members: they are alive, heard now, and nobody else is. */
    void agreedAmong(List<MemberId> members, long now) {
        live.retainAll(members);
        live.addAll(members);
        members.forEach(m -> lastHeard.put(m, now));
    }

    void heard(MemberId from, long now) {
        lastHeard.put(from, now);
    }

    /** @return when the member was last heard, or {@code dflt} if never */
    long lastHeard(MemberId m, long dflt) {
        return lastHeard.getOrDefault(m, dflt);
    }

    /** @return true if the member was not in the live set */
    boolean add(MemberId m) {
        return live.add(m);
    }

    /** @return true if the member was in the live set */
    boolean remove(MemberId m) {
        return live.remove(m);
    }

    void removeAll(Set<MemberId> gone) {
        live.removeAll(gone);
    }

    /** Keeps this host in the set when everybody else left. */
    void keepSelf(MemberId self) {
        if (live.isEmpty()) {
            live.add(self);
        }
    }

    /** @return the lowest live id */
    MemberId coordinator() {
        return live.first();
    }

    /**
     * @param self this host (never silent)
     * @param now the time
     * @return the live members silent for more than {@link #DEAD_AFTER_MS}, in id order (a member never
     *     heard counts as heard now)
     */
    Set<MemberId> silent(MemberId self, long now) {
        Set<MemberId> silent = new LinkedHashSet<>();
        for (MemberId m : live) {
            if (!m.equals(self) && isSilent(m, now)) {
                silent.add(m);
            }
        }
        return silent;
    }

    /** @return true if the member has been silent for more than {@link #DEAD_AFTER_MS} */
    boolean isSilent(MemberId m, long now) {
        return now - lastHeard.getOrDefault(m, now) > DEAD_AFTER_MS;
    }

    /** @return the live set in id order (a copy) */
    List<MemberId> members() {
        return List.copyOf(live);
    }

    int size() {
        return live.size();
    }
}
