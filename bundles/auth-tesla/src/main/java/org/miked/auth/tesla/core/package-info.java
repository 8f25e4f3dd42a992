/**
 * TESLA (RFC 4082) as pure state machines: the key server's {@link org.miked.auth.tesla.core.TeslaSender}
 * seals, each receiver's {@link org.miked.auth.tesla.core.TeslaReceiver} opens. No sockets, threads or
 * wall clock: time and timers come from the injected {@link org.miked.api.runtime.HostRuntime}, and the
 * scheme's own messages (bootstraps, key disclosures) leave through the {@code emit} callback the GMF
 * passes to {@code AuthScheme.open}.
 *
 * <p>The key chain ({@code KeyChain}, functions in {@link org.miked.auth.tesla.core.TeslaCrypto}); it is
 * built backwards from a random seed and used forwards, one key per interval of length T:
 * <pre>
 *   K_L (random) --F--> K_(L-1) --F--> ... --F--> K_1 --F--> K_0  (commitment, signed in the bootstrap)
 *     |                   |                  |
 *     F'                  F'                 F'
 *     v                   v                  v
 *   K'_L               K'_(L-1)             K'_1      MAC keys: a message of interval i is MAC'd with K'_i
 *
 *   interval i spans [T0 + i*T, T0 + (i+1)*T) on the key server's clock
 * </pre>
 *
 * Sending and disclosure, with delay d (intervals):
 * <pre>
 *   key server                                             receiver
 *   interval i:   m | c, i, K_(i-d), MAC_K'_i(c|i|m) ----> security condition:
 *                                                            arrival + maxSkew &lt; T0 + (i+d)*T ?
 *                                                              no  --&gt; reject (key may be public)
 *                                                              yes --&gt; buffer m (bounded)
 *                                                          K_(i-d) --F^k--&gt; newest known key of c ?
 *                                                              yes --&gt; release buffered messages of
 *                                                                      intervals &lt;= i-d whose MAC checks
 *   interval i+d: m' | c, i+d, K_i, MAC ... ------------> K_i authenticates m; m goes to the GMF
 *   quiet:        key-only messages c, j, K_(j-d) until tesla.disclosureCopies carried K_lastMac
 * </pre>
 *
 * A receiver learns a chain from its signed bootstrap (Ed25519 over c, j, K_j, T0, T, d, L, MAC length)
 * or, for the next chain, by hashing to a commitment it already holds. Parameters are the group policy's
 * {@code tesla.*} keys ({@link org.miked.auth.tesla.core.TeslaParams}).
 *
 * <p>What a receiver spends on unauthenticated input is bounded (issue 10): {@code ReceiveBuffer} holds
 * messages of authenticated chains apart from those of unknown chains, each datagram may cost at most
 * {@code tesla.maxHashSteps} chain steps, and {@code ClockCheck} refuses every MAC once an authenticated
 * key shows the receiver's clock lagging the key server's by more than {@code tesla.maxSkewMillis}.
 */
package org.miked.auth.tesla.core;
