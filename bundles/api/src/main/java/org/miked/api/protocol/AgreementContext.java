package org.miked.api.protocol;

import java.util.Set;
import org.miked.api.MemberId;
import org.osgi.annotation.versioning.ProviderType;

/** Outputs of a key-agreement session. */
@ProviderType
public interface AgreementContext extends ProtocolContext {
    /** @param result the members agreed a secret */
    void agreed(AgreementResult result);

    /**
     * The run could not complete; the GMF starts a new run without the silent members.
     *
     * @param run the run number
     * @param reason one line
     * @param silent members that did not answer in time
     */
    void failed(long run, String reason, Set<MemberId> silent);
}
