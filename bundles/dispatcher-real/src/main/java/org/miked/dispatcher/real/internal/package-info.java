/**
 * The real dispatcher's sockets, event loop and DS component ({@code miked.dispatcher=real}), one job per
 * class; the decisions they carry out are in {@code core}.
 *
 * <pre>
 *   HostGmfComponent --(miked.dispatcher=real)--> RealDispatcherComponent --> RealDispatcher (facade, Port)
 *     SendPath      send checks, queue, hand to the kernel
 *     GroupSockets  socket per group: join, leave on interface down, re-join (retry timer)
 *     Endpoints     socket per (IP version, port): sends everything, receives unicast
 *     InterfaceChooser  interface to join on, address to bind
 *     ReceivePath   read, screen, admit, deliver
 *     EventLoop     Selector + timers + inbox (one thread)
 * </pre>
 */
package org.miked.dispatcher.real.internal;
