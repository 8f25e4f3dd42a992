package org.miked.policy.internal;

import org.miked.api.policy.PolicyException;

/** Builds the {@link PolicyException}s of one validation run, all naming the same group. */
final class FieldErrors {
    /** Group name shown when the configuration has none. */
    static final String UNNAMED = "(no group name)";

    private final String group;

    FieldErrors(String group) {
        this.group = group == null || group.isBlank() ? UNNAMED : group.trim();
    }

    String group() {
        return group;
    }

    /**
     * @param field the offending field (property name in the configuration)
     * @param reason why
     * @return the exception to throw
     */
    PolicyException at(String field, String reason) {
        return new PolicyException(group, field, reason);
    }
}
