package org.miked.api.policy;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** Read access to the group policy database, and the last rejection per configuration. */
@ProviderType
public interface PolicyStore {
    /** @return the valid policies in force */
    List<GroupPolicy> policies();

    /** @return configurations that were rejected, by configuration id, with the reason */
    Map<String, String> rejected();
}
