package org.miked.dh.core;

import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.PolicyException;
import org.miked.dh.group.DhGroup;
import org.miked.dh.group.DhGroups;

/** Reads the DH group parameter ({@code bd.group}, {@code gdh.group}) of a policy. */
public final class Params {
    private Params() {
    }

    /**
     * @param policy the group's policy
     * @param key parameter name, e.g. {@code bd.group}
     * @return the named group, {@link DhGroups#DEFAULT} when absent
     * @throws PolicyException naming the key when the value is not a known group
     */
    public static DhGroup dhGroup(GroupPolicy policy, String key) {
        String v = policy.param(key, DhGroups.DEFAULT);
        try {
            return DhGroups.byName(v);
        } catch (IllegalArgumentException e) {
            throw new PolicyException(policy.group().name(), key, e.getMessage());
        }
    }
}
