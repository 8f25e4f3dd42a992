/**
 * The DS component that registers TESLA as the authentication scheme {@code miked.auth=tesla} (private).
 * {@link org.miked.auth.tesla.internal.TeslaScheme} only picks the role: a sender's policy opens a
 * {@link org.miked.auth.tesla.core.TeslaSender}, a receiver's a {@link org.miked.auth.tesla.core.TeslaReceiver}.
 *
 * <pre>
 *   GMF --open(policy, host, emit)--&gt; TeslaScheme --SENDER--&gt;   TeslaSender   (seal, emit bootstraps/keys)
 *                                                 \-RECEIVER-&gt; TeslaReceiver (open, buffer, release)
 * </pre>
 * Groups select it as {@code rekeyAuth} (the key server's multicast to its receivers); agreement, control
 * and unicast use the group's {@code auth} ({@code sig} by default).
 */
package org.miked.auth.tesla.internal;
