package org.miked.api.sa;

import org.osgi.annotation.versioning.ProviderType;

/** Events from an SA sink back up to the GMF. Called from any thread; the GMF moves them to its loop. */
// implemented only by the GMF; sinks only call it
@ProviderType
public interface SaEventListener {
    /**
     * @param id the SA whose lifetime ran out
     * @param hard true if the hard lifetime expired (the SA is gone), false for the soft one
     */
    void expired(SaId id, boolean hard);
}
