package org.miked.api.gmf;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** What is deployed right now, as the GMF sees it ({@code mike:protocols}). */
@ProviderType
public interface ComponentCatalog {
    /** @return every bound protocol, scheme, sink and dispatcher */
    List<DeployedComponent> deployed();
}
