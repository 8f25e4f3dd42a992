package org.miked.dispatcher.real.core;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.miked.api.GroupId;
import org.miked.api.MemberId;

/**
 * Where unicast to a member goes, per group. Senders are pinned to the address their group policy gives
 * ({@link #pin}); every other member's address is learned from the source of its datagrams ({@link #learn}),
 * the newest observation winning, but only from datagrams that the host authenticated as that member
 * (issue 10, finding 9): forged or replayed datagrams claiming other ids, however many, can neither flush a
 * member's address out of the table nor move it.
 *
 * <p>A first contact may need an answer before it is learned: a protocol answers a datagram in the same
 * call that authenticates it. While the host handles a datagram, the dispatcher passes that datagram's
 * {@link Contact} to {@link #lookup(GroupId, MemberId, Contact)}, which routes unicast to the claimed member
 * back to the datagram's source; nothing of it stays unless the datagram authenticated.
 *
 * <pre>
 *  lookup(group, member, contact):  pinned sender?  --> its policy address (never redirected)
 *                                   contact names it? --> the source of the datagram being handled
 *                                   learned?        --> the source of its last authenticated datagram
 *                                   else            --> null (no route)
 * </pre>
 *
 * <p>Learned entries are bounded (least recently used out first); only authenticated members enter, so
 * the bound is the number of members with credentials, not of ids an attacker invents. Thread-safe.
 */
public final class PeerTable {
    private record Key(GroupId group, MemberId member) {
    }

    /**
     * The datagram the host is handling right now: unicast to its claimed sender is answered to its source.
     *
     * @param group the group the datagram claims (open at this host)
     * @param member the sender it claims (not authenticated)
     * @param source where it came from
     */
    public record Contact(GroupId group, MemberId member, InetSocketAddress source) {
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
     * Records where a member's authenticated datagram came from, unless the member is pinned. Call it only
     * for a datagram the host authenticated as {@code member} of {@code group}.
     *
     * @param group the datagram's group
     * @param member the member it authenticated as
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
    public InetSocketAddress lookup(GroupId group, MemberId member) {
        return lookup(group, member, null);
    }

    /**
     * @param group group
     * @param member member
     * @param contact the datagram the host is handling on the thread that asks, or null
     * @return where unicast to it goes: pinned, else the contact's source if it claims this member, else
     *     learned; null if unknown
     */
    public synchronized InetSocketAddress lookup(GroupId group, MemberId member, Contact contact) {
        Key k = new Key(group, member);
        InetSocketAddress a = pinned.get(k);
        if (a != null) {
            return a;
        }
        if (contact != null && contact.member().equals(member) && contact.group().equals(group)) {
            return contact.source();
        }
        return learned.get(k);
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
