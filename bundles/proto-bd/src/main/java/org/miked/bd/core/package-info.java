/**
 * Burmester-Desmedt (EUROCRYPT '94) as a pure state machine (private).
 *
 * <pre>
 *   member i of n (positions mod n), secret r_i
 *   round 1:  multicast z_i = g^r_i                                  1 full exponentiation
 *   round 2:  when z_{i-1}, z_{i+1} known:
 *             multicast X_i = (z_{i+1} / z_{i-1})^r_i                 1 full exponentiation
 *   key:      when all z and X known:
 *             B_0 = z_{i-1}^r_i = g^(r_{i-1} r_i)                      1 full exponentiation
 *             B_j = B_{j-1} * X_{i+j-1} = g^(r_{i+j-1} r_{i+j})       n-1 group operations
 *             K   = B_0 * B_1 * ... * B_{n-1}                         n-1 group operations
 *               (= z_{i-1}^(n r_i) * X_i^(n-1) * X_{i+1}^(n-2) * ... * X_{i-2}, the paper's formula)
 *   secret = HKDF(K, transcript hash of all z and X, "miked agreement" | group | run)
 * </pre>
 *
 * Loss: every message carries bitmaps of what its sender holds; a member that is not done multicasts its
 * latest message every {@code bd.retransmitMillis}; a member that receives a retransmitted copy (a value it
 * already holds) from a peer whose bitmaps lack its own values answers that peer by unicast (at most once
 * per half interval). First copies that cross in flight are not answered, so a lossless run costs exactly
 * two multicasts per member. No progress for {@code bd.timeoutMillis}: the run fails naming the silent members.
 */
package org.miked.bd.core;
