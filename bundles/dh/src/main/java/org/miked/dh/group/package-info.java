/**
 * Prime-order groups for Diffie-Hellman style key agreement, with the validation every received element
 * must pass before use.
 *
 * <pre>
 *   DhGroups.byName("P-256" | "ffdhe2048" | "ffdhe3072")  -&gt; DhGroup (stateless, shared)
 *   new DhOps(group)                                        -&gt; per-session view that counts
 *        exp(base, e)   full exponentiation (scalar multiplication)      counted: fullExps
 *        mul(a, b)      group operation                                  counted: mults
 *        decode(bytes)  parse + validate, or InvalidElementException     counted: validations
 * </pre>
 *
 * Validation: P-256 accepts only 33-byte compressed points; it rejects the identity, x that is not a field
 * element, and x with no point on the curve (cofactor 1: every curve point is in the subgroup). RFC 7919
 * groups accept fixed-length big-endian y with 1 &lt; y &lt; p-1 and y^q = 1 (q = (p-1)/2), checked as the
 * Legendre symbol (y/p) = 1, which is equivalent for a safe prime and much cheaper than a modPow.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.dh.group;
