package org.miked.api.sa;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/** One host's security association database. Obtained from a {@link SaSinkFactory}. */
// implemented by sink bundles (sink-memory, sink-xfrm, sink-pfkey)
@ConsumerType
public interface SaSink extends AutoCloseable {
    /** @return what this sink supports */
    Set<SaCapability> capabilities();

    /**
     * Adds an MSA (and, where supported, the policy that makes the group's traffic use it).
     *
     * @param msa the MSA
     * @throws SaException if the kernel refused it or lacks support; nothing was installed then
     */
    void install(Msa msa) throws SaException;

    /**
     * Replaces an installed MSA with the same id (lifetime or key change).
     *
     * @param msa the new MSA
     * @throws SaException if no such MSA is installed or the kernel refused
     */
    void update(Msa msa) throws SaException;

    /**
     * Deletes an MSA; deleting an absent one is not an error.
     *
     * @param id the MSA
     * @throws SaException if the kernel refused
     */
    void delete(SaId id) throws SaException;

    /** @return the MSAs this sink installed and still holds */
    List<Msa> list();

    /** Deletes every MSA this sink installed and releases its resources. */
    @Override
    void close();
}
