/**
 * The message dispatcher: the bottom layer that carries key-management datagrams.
 *
 * <pre>
 *   GMF (one per host)                    GMF ... GMF (one per simulated host)
 *      |  attach(self, handler)              |          |
 *      v                                     v          v
 *   dispatcher-real (exactly one host)    dispatcher-sim (virtual clock, loss, delay)
 *      |  UDP over IPv4/IPv6                 |  in-memory links
 * </pre>
 *
 * A GMF cannot tell which dispatcher it is attached to: both hand it a
 * {@link org.miked.api.dispatch.HostPort} with a send method and the host's
 * {@link org.miked.api.runtime.HostRuntime}, and deliver datagrams to its
 * {@link org.miked.api.dispatch.DatagramHandler} on the host's event loop.
 *
 * <p>2.0.0: {@code HostPort.openGroup} takes a {@link org.miked.api.dispatch.GroupChannel}, the part of a
 * group's policy a dispatcher uses, instead of the whole policy with its signing keys.
 * 2.1.0: per-key-server rekey channels ({@code GroupChannel.rekeyAddresses}, {@code rekeyListen}); a
 * {@code RECEIVERS} multicast goes to the sending key server's rekey channel.
 * 2.2.0: {@code DatagramHandler.deliver} returns whether the datagram authenticated as the member its envelope
 * names; the real dispatcher learns unicast addresses only from such datagrams (issue 10, finding 9).
 * A minor change: {@code DatagramHandler} is a provider type, and dispatchers that still call
 * {@code onDatagram} work unchanged.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package org.miked.api.dispatch;
