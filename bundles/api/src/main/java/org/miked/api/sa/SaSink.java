package org.miked.api.sa;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.miked.api.GroupId;
import org.osgi.annotation.versioning.ConsumerType;

/** One host's security association database. Obtained from a {@link SaSinkFactory}. */
// implemented by sink bundles (sa-memory, xfrm, pfkey)
@ConsumerType
public interface SaSink extends AutoCloseable {
    /**
     * @return exactly what this sink can do here (a kernel sink: what its probe at open found); the GMF
     *     checks it before installing, see {@link SaCapability}
     */
    Set<SaCapability> capabilities();

    /**
     * Adds an MSA (and, where supported, the policy that makes the group's traffic use it).
     *
     * @param msa the MSA
     * @throws SaException if the MSA is already installed (a rekey installs a new SPI), the sink is closed, or
     *     the kernel refused it or lacks support; nothing was installed then
     */
    void install(Msa msa) throws SaException;

    /**
     * Deletes an MSA; deleting an absent one is not an error.
     *
     * @param id the MSA
     * @throws SaException if the sink is closed or the kernel refused; if the SA's deletion was refused it is
     *     still installed (and listed), if only its policy's was, the SA is gone and the message says so
     */
    void delete(SaId id) throws SaException;

    /**
     * Adds the MSAs of one epoch, all or none. A sink may store them as one unit (the memory sink of a
     * simulated receiver keeps a reference to the list, which thousands of receivers share); the default
     * installs them one by one.
     *
     * @param msas the MSAs, distinct; the caller does not change the list afterwards
     * @throws SaException naming the MSA that was refused and why; the sink then holds exactly what it held
     *     before the call (the default deletes again what this call installed; if such a delete fails too,
     *     the message says so)
     */
    default void installAll(List<Msa> msas) throws SaException {
        for (int i = 0; i < msas.size(); i++) {
            try {
                install(msas.get(i));
            } catch (SaException e) {
                StringBuilder undo = new StringBuilder();
                for (int j = 0; j < i; j++) {
                    try {
                        delete(msas.get(j).id());
                    } catch (SaException d) {
                        undo.append("; and could not delete again ").append(msas.get(j).id()).append(": ")
                                .append(d.getMessage());
                    }
                }
                throw new SaException(msas.get(i) + ": " + e.getMessage() + undo);
            }
        }
    }

    /**
     * Deletes MSAs; absent ones are not an error. Passing the very list given to {@link #installAll} lets a
     * sink that stored it as one unit drop it at once.
     *
     * @param msas the MSAs
     * @throws SaException after trying every one, if any deletion was refused; the message names each, and
     *     what holds for each is what {@link #delete} states
     */
    default void deleteAll(List<Msa> msas) throws SaException {
        StringBuilder failed = null;
        for (Msa m : msas) {
            try {
                delete(m.id());
            } catch (SaException e) {
                failed = failed == null ? new StringBuilder() : failed.append("; ");
                failed.append(m.id()).append(": ").append(e.getMessage());
            }
        }
        if (failed != null) {
            throw new SaException(failed.toString());
        }
    }

    /** @return the MSAs this sink installed and still holds */
    List<Msa> list();

    /**
     * The SA held under an id: what a kernel looks an inbound ESP packet up by (SPI, destination, protocol).
     *
     * @param id the SA's id
     * @return the MSA this sink installed under it and still holds, or empty; the default searches {@link #list()}
     * @since 2.2
     */
    default Optional<Msa> find(SaId id) {
        for (Msa m : list()) {
            if (m.id().equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * The SA a kernel protects an outbound packet from {@code source} to {@code destination} with, among the
     * outbound MSAs this sink holds for that pair. Linux picks the newest (and one that has not reached its soft
     * lifetime over one that has), so installing an outbound MSA switches the sender to it at once: a sender
     * that must not switch yet must not install it yet (DESIGN.md, "Timing of key changes").
     *
     * @param source the sender's address, as in {@link Msa#source()}
     * @param destination the group's data address, as in {@link SaId#destination()}
     * @return that MSA, or empty if none is held; the default takes the last matching outbound MSA of
     *     {@link #list()}, a sink that knows the install order says so
     * @since 2.2
     */
    default Optional<Msa> outboundFor(String source, String destination) {
        Msa best = null;
        for (Msa m : list()) {
            if (m.direction() == Direction.OUTBOUND && m.source().equals(source)
                    && m.id().destination().equals(destination)) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Whether the kernel still protects data from {@code source} to {@code destination} under an outbound SA that a
     * SIGKILLed incarnation of this daemon left and the sink kept at open (see {@link #sweepLeftovers(GroupId)}).
     * {@link #outboundFor} does not report such an SA (the sink holds no MSA for it), but installing an outbound MSA
     * of the pair switches the kernel from it at once: a restarted sender's first epoch must then wait for its switch
     * time like any later one, or receivers that do not have the new key yet lose what it sends.
     *
     * @param source the sender's address, as in {@link Msa#source()}
     * @param destination the group's data address, as in {@link SaId#destination()}
     * @return true while such an SA is kept; the default (a sink that keeps none): false
     * @since 2.3
     */
    default boolean sendsUnderLeftover(String source, String destination) {
        return false;
    }

    /**
     * Deletes now what a SIGKILLed incarnation of this daemon left in the kernel for a group and the sink kept at
     * open: a kernel sink keeps the killed incarnation's outbound SAs and their policies (so that the host's data
     * is neither dropped nor sent in clear until this incarnation sends under its own) and deletes them by itself
     * as soon as {@link #install}/{@link #installAll} has put an outbound MSA of the same source and destination
     * into the kernel (Linux sends with the newest SA at once). The GMF calls this where the group stops at this
     * host for good without such an install: it left the group, its policy was withdrawn, or this host is no
     * longer one of its senders; after its own MSAs are deleted. The host's data to the group is then no longer
     * protected, as after any leave. A sink without such leftovers (the default) does nothing.
     *
     * @param group the group
     * @throws SaException if the sink is closed, or naming each SA or policy the kernel refused to delete; those
     *     stay kept (tried again by the next call, by an outbound install of the same pair, at {@link #close} and
     *     after a restart), everything else is gone
     * @since 2.3
     */
    default void sweepLeftovers(GroupId group) throws SaException {
    }

    /**
     * Deletes every MSA this sink installed, and what it kept of a killed incarnation, and releases its
     * resources.
     */
    @Override
    void close();
}
