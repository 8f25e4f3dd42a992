package org.miked.api.sa;

/** An SA sink could not carry out a request; the message says what and why (errno, missing module). */
public class SaException extends Exception {
    private static final long serialVersionUID = 1L;

    public SaException(String message) {
        super(message);
    }

    public SaException(String message, Throwable cause) {
        super(message, cause);
    }
}
