package org.miked.api.auth;

/** A message failed authentication; the message says why (bad signature, unknown signer, ...). */
public class AuthException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuthException(String message) {
        super(message);
    }
}
