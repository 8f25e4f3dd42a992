package org.miked.api.policy;

import org.miked.api.GroupId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about valid group policies. The GMF registers one; the policy bundle calls it (whiteboard).
 */
@ConsumerType
public interface PolicyListener {
    /** @param policy a new or changed, valid policy */
    void policyChanged(GroupPolicy policy);

    /** @param group the group whose policy was deleted */
    void policyRemoved(GroupId group);
}
