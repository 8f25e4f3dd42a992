package org.miked.dispatcher.real.core;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.miked.api.GroupId;
import org.miked.api.MemberId;

/**
 * Where unicast to a member goes, per group. Senders are pinned to the address their group policy gives
 * ({@link #pin}); every other member's address is learned from the source of the datagrams that claim to
 * come from it ({@link #learn}), the newest observation winning.
 *
 * <p>The dispatcher cannot authenticate: a forged datagram that claims a receiver's id redirects unicast
 * meant for that receiver until the receiver speaks again. The GMF authenticates every message, so such a
 * forger learns nothing and can forge nothing; it can only delay a receiver's unicast (a denial of service
 * that an on-path attacker has anyway). Pinned senders are never redirected by learning.
 *
 * <p>Learned entries are bounded (least recently used out first), so a flood of invented ids cannot exhaust
 * memory. Thread-safe.
 */
public final class PeerTable {
    private record Key(GroupId group, MemberId member) {
    }

    private final Map<Key, InetSocketAddress> pinned = new LinkedHashMap<>();
    private final LinkedHashMap<Key, InetSocketAddress> learned;

    /** @param maxLearned most learned addresses kept (a key server's receivers, over all groups) */
    public PeerTable(int maxLearned) {
        this.learned = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, InetSocketAddress> eldest) {
                return size() > maxLearned;
            }
        };
    }

    /**
     * @param group group
     * @param member a sender of the group
     * @param address its unicast address and the group's control port
     */
    public synchronized void pin(GroupId group, MemberId member, InetSocketAddress address) {
        pinned.put(new Key(group, member), address);
    }

    /**
     * Records where a member's datagram came from, unless the member is pinned.
     *
     * @param group group the datagram claims
     * @param member sender id the datagram claims
     * @param source the datagram's source address and port
     * @return true if the table changed
     */
    public synchronized boolean learn(GroupId group, MemberId member, InetSocketAddress source) {
        Key k = new Key(group, member);
        if (pinned.containsKey(k)) {
            return false;
        }
        return !source.equals(learned.put(k, source));
    }

    /**
     * @param group group
     * @param member member
     * @return where unicast to it goes, or null if unknown
     */
    public synchronized InetSocketAddress lookup(GroupId group, MemberId member) {
        Key k = new Key(group, member);
        InetSocketAddress a = pinned.get(k);
        return a != null ? a : learned.get(k);
    }

    /** @param group forgets everything about this group */
    public synchronized void forget(GroupId group) {
        pinned.keySet().removeIf(k -> k.group.equals(group));
        learned.keySet().removeIf(k -> k.group.equals(group));
    }

    /** @return number of learned addresses */
    public synchronized int learnedCount() {
        return learned.size();
    }
}
