/**
 * The simulated network's machinery (private), behind {@link org.miked.sim.network.SimNetwork}: the
 * {@link org.miked.sim.network.internal.Engine} holds hosts, group memberships, routing, the link model
 * and the one virtual-time event queue; {@link org.miked.sim.network.internal.HostTable} and
 * {@link org.miked.sim.network.internal.Counters} keep traffic counters in primitive arrays, so that
 * thousands of hosts cost little.
 *
 * <pre>
 *  SimHost.send --Engine: group members by role (Membership), filter, EMCON check-->
 *     per copy: link model (loss, delay, jitter, partition) --> event at now + delay
 *  run loop: next event by time --> handler of the destination host (its GMF), under the engine lock
 * </pre>
 */
package org.miked.sim.network.internal;
