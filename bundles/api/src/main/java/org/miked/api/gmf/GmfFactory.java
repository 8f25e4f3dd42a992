package org.miked.api.gmf;

import org.miked.api.MemberId;
import org.miked.api.dispatch.Dispatcher;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Makes GMFs as plain objects, so a simulator can run thousands of hosts without thousands of DS
 * components. The GMFs share the factory's view of deployed protocols, schemes and sinks, and follow
 * it as bundles come and go.
 */
@ProviderType
public interface GmfFactory {
    /**
     * @param dispatcher the dispatcher the host attaches to
     * @param host the host's identity
     * @return the host's GMF, attached and running
     */
    GroupManager create(Dispatcher dispatcher, MemberId host);
}
