/**
 * The authentication scheme {@code sig} (private): {@link org.miked.auth.sig.internal.SigScheme} is the DS
 * component, {@link org.miked.auth.sig.internal.SigSession} seals one group's messages at one host with
 * the sender's Ed25519 key and opens them with the claimed sender's public key from the policy.
 *
 * <pre>
 *  seal:  envelope --Ed25519 sign (sender's key)--> envelope | signature (64 bytes)
 *  open:  datagram --split at length - 64--> verify with policy's key of the claimed sender
 *            ok: the envelope bytes, authenticated        bad: AuthException naming the reason
 * </pre>
 */
package org.miked.auth.sig.internal;
