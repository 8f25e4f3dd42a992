package org.miked.api.gmf;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One host's group management framework. Methods may be called from any thread; they hand the work
 * to the host's event loop. Methods that report state return a consistent snapshot.
 */
@ProviderType
public interface GroupManager extends AutoCloseable {
    /** @return this host */
    MemberId self();

    /**
     * Joins a group, or applies a changed policy to a joined group (the new protocols are used from
     * the next rekey).
     *
     * @param policy the group's policy for this host
     */
    void join(GroupPolicy policy);

    /**
     * Leaves a group: tells the key server (unless in EMCON), deletes the group's MSAs.
     *
     * @param group the group
     * @return false if the host was not in the group
     */
    boolean leave(GroupId group);

    /**
     * At a sender: starts a new epoch now (rekey of all receivers, new MSAs) instead of at the next
     * batch or lifetime expiry. At a receiver: asks for a repair.
     *
     * @param group the group
     * @return false if the host is not in the group
     */
    boolean rekey(GroupId group);

    /**
     * At a sender: removes a receiver from its key tree at the next rekey.
     *
     * @param group the group
     * @param receiver the receiver
     * @return false if the host is not a sender of the group
     */
    boolean evict(GroupId group, MemberId receiver);

    /**
     * At a sender: lifts an eviction group-wide (told to every sender; kept across restarts like the
     * eviction). The receiver may register again.
     *
     * @param group the group
     * @param receiver the receiver
     * @return false if the host is not a running sender of the group
     */
    boolean pardon(GroupId group, MemberId receiver);

    /**
     * @param group the group
     * @return the receivers evicted group-wide as this sender knows them (the policy's {@code excluded} ids come
     *     on top); empty at a receiver or if not joined
     */
    java.util.Set<MemberId> revoked(GroupId group);

    /** @return status of every joined group */
    List<GroupStatus> groups();

    /**
     * @param group a group
     * @return its status, if joined
     */
    Optional<GroupStatus> status(GroupId group);

    /**
     * @param group a group
     * @return the epoch of the group key this host holds, 0 if none or not joined; what
     *     {@code status(group).epoch()} says, without building a status (a simulation samples it at every
     *     host every second)
     */
    default long epoch(GroupId group) {
        return status(group).map(GroupStatus::epoch).orElse(0L);
    }

    /**
     * @param group a group
     * @return at a sender the live senders and its receivers; at a receiver the senders
     */
    Set<MemberId> members(GroupId group);

    /**
     * @param group a group
     * @return the MSAs installed for the group
     */
    List<Msa> msas(GroupId group);

    /**
     * @param group a group
     * @param id an SA id (what an inbound ESP packet names)
     * @return the group's MSA the host's sink holds under this id, or empty: what this host decrypts a packet
     *     with ({@link org.miked.api.sa.SaSink#find}); the default searches {@link #msas}
     * @since 1.5
     */
    default Optional<Msa> installed(GroupId group, SaId id) {
        return msas(group).stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /**
     * @param group a group
     * @return the MSA this host's data to the group goes out under now, as its sink's kernel chooses it
     *     ({@link org.miked.api.sa.SaSink#outboundFor}): empty at a receiver, and at a sender before its first
     *     epoch is active; the default takes the outbound MSA of the highest epoch of {@link #msas}
     * @since 1.5
     */
    default Optional<Msa> sending(GroupId group) {
        return msas(group).stream().filter(m -> m.direction() == org.miked.api.sa.Direction.OUTBOUND)
                .max(java.util.Comparator.comparingLong(Msa::epoch));
    }

    /**
     * @param group a group
     * @return when (the host's clock, ms) the host entered its current epoch of the group, or empty if it holds
     *     none; the default knows none
     * @since 1.5
     */
    default java.util.OptionalLong epochEnteredAt(GroupId group) {
        return java.util.OptionalLong.empty();
    }

    /** Leaves every group, deletes all MSAs and detaches from the dispatcher. */
    @Override
    void close();

    /**
     * Stops at once and tells nobody, as a power cut would: no LEAVE, no message of any kind, and nothing
     * signed or derived on the way out; sinks and the dispatcher are let go as by {@link #close}. A simulation
     * that has taken its summary ends its hosts this way (100,000 receivers' LEAVEs were half a minute of a
     * run's teardown). The default closes.
     *
     * @since 1.4
     */
    default void abandon() {
        close();
    }
}
