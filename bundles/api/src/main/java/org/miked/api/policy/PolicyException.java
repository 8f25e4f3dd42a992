package org.miked.api.policy;

/** An invalid group policy. The message always names the group, the field and why. */
public class PolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String group;
    private final String field;
    private final String reason;

    /**
     * @param group group name as configured (may be a raw, invalid name)
     * @param field the offending field
     * @param reason why it was rejected
     */
    public PolicyException(String group, String field, String reason) {
        super("policy for group '" + group + "': field '" + field + "': " + reason);
        this.group = group;
        this.field = field;
        this.reason = reason;
    }

    public String group() {
        return group;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
