package org.miked.api.sa;

import java.util.List;
import java.util.Set;
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

    /** @return the MSAs this sink installed and still holds */
    List<Msa> list();

    /** Deletes every MSA this sink installed and releases its resources. */
    @Override
    void close();
}
