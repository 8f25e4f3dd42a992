package org.miked.dh.group;

/** A received group element failed validation; {@link #reason()} is a short code for counters. */
public final class InvalidElementException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    /**
     * @param reason short code: {@code length}, {@code identity}, {@code encoding}, {@code not-on-curve},
     *     {@code out-of-range}, {@code not-in-subgroup}
     * @param message one line for the log
     */
    public InvalidElementException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return the short reason code */
    public String reason() {
        return reason;
    }
}
