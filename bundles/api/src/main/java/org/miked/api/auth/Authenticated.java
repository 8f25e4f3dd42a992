package org.miked.api.auth;

import org.miked.api.MemberId;

/**
 * A message whose origin was verified.
 *
 * @param from the verified sender
 * @param message the message without the authentication trailer
 */
public record Authenticated(MemberId from, byte[] message) {
}
