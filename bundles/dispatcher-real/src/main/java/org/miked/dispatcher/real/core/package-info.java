/**
 * The real dispatcher's decisions, with no sockets, threads or clocks: which datagrams go out and where,
 * which received ones reach the host, and where unicast to a member goes. The exclusion filter itself is
 * the platform's ({@code org.miked.common.net.AddressFilter}); address literals are parsed by
 * {@code org.miked.common.net.IpLiteral}, never looked up.
 *
 * <pre>
 *  openGroup(channel) --> ChannelAddresses.of: control and rekey multicast addresses/port, senders'
 *                                  |           addresses; the channel's rule: addresses to join (listen),
 *                                  |           multicast destination per audience
 *                                  |  pinned senders
 *                                  v
 *  send(to, payload) ---> SendRule.decide: group open? EMCON? route (PeerTable, contact)? fits?
 *                                  |  to: multicastTo(audience) (RECEIVERS from a sender: its rekey
 *                                  |      address; else the control address) or member's address (unicast)
 *                                  v
 *                         (internal: queue, socket.send)
 *
 *  datagram from src ---> ReceiveRule.screen: own multicast? socket's address rules? (nothing parsed)
 *                                  |
 *                                  v
 *                         ReceiveRule.admit: peek group + sender (wire.EnvelopePeek),
 *                                  |          the group's member and address rules,
 *                                  |          contact = (group, sender, src)
 *                                  v
 *                         (internal: handler.deliver(sender, payload), answers to sender go to src)
 *                                  |  true: authenticated as sender
 *                                  v
 *                         PeerTable.learn(group, sender, src)   (never for unauthenticated datagrams)
 * </pre>
 */
package org.miked.dispatcher.real.core;
