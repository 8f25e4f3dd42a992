package org.miked.common.wire;

/** Input that does not decode; the message names the field and what was wrong. */
public class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message);
    }
}
