/**
 * The TESLA trailer codec: what {@link org.miked.auth.tesla.core.TeslaSender} appends to the GMF
 * envelope and {@link org.miked.auth.tesla.core.TeslaReceiver} takes off again. The bit layout is in
 * {@link org.miked.auth.tesla.wire.TrailerCodec}.
 *
 * <pre>
 *   sealed datagram:   GMF envelope | flags, chain, i | [bootstrap] [K_(i-d)] [MAC] | trailer length
 *                                                                                   (read from the end)
 *   TrailerCodec.decode --&gt; Trailer (untrusted: nothing checked but lengths and flag combinations)
 *                           \-&gt; Bootstrap (untrusted until its Ed25519 signature or commitment checks)
 * </pre>
 *
 * Decoded types are inputs for the core's checks, never trusted by themselves. Fixed vectors:
 * {@code src/test/resources/vectors/tesla.json} (generator {@code TeslaVectors} next to the verify test).
 */
package org.miked.auth.tesla.wire;
