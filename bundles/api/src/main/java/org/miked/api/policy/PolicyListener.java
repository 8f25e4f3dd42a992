package org.miked.api.policy;

import org.miked.api.GroupId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Told about valid group policies. The GMF registers one; the policy bundle calls it (whiteboard).
 */
// implemented only by the GMF; the policy bundle only calls it
@ProviderType
public interface PolicyListener {
    /** @param policy a new or changed, valid policy */
    void policyChanged(GroupPolicy policy);

    /** @param group the group whose policy was deleted */
    void policyRemoved(GroupId group);
}
