/**
 * The real dispatcher's sockets, event loop and DS component ({@code miked.dispatcher=real}).
 *
 * <pre>
 *   HostGmfComponent --(miked.dispatcher=real)--> RealDispatcherComponent --> RealDispatcher
 *                                                   EventLoop: Selector + timers + inbox (one thread)
 *                                                   Endpoint per (IP version, port), socket per group
 * </pre>
 */
package org.miked.dispatcher.real.internal;
