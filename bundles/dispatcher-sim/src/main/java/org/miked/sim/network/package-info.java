/**
 * The simulated message dispatcher: one JVM holds many hosts, each with its own GMF, over a virtual
 * clock and a seeded lossy network, so that a scenario repeats exactly.
 *
 * <pre>
 *  scenario / shell                      GMF(s01) GMF(s02) ... GMF(r10000)
 *     | create(seed, LinkModel)              | attach(id, handler) -> HostPort
 *     v                                      v
 *  SimNetworkFactory --> SimNetwork (Dispatcher "sim") ---- one VirtualTime event queue
 *     runUntil / runUntilIdle / schedule        |  send(Multicast|Unicast, payload)
 *                                               v
 *       per copy: down? partition? loss? -> delay + jitter -> (duplicate?)
 *                                               v  at delivery: up? listening? excluded?
 *                                          handler.onDatagram(from, payload)
 * </pre>
 *
 * The GMF cannot tell this dispatcher from the real one: it gets a {@link org.miked.api.dispatch.HostPort}
 * whose runtime's clock and scheduler are the shared virtual clock and whose randomness is derived from
 * the seed and the host id.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.miked.sim.network;
