/**
 * The in-memory SA sink ({@code miked.sink=memory}): a separate SA database per host, for the
 * simulator's 10,000 hosts in one JVM.
 *
 * <pre>
 *   GMF(host) --open(runtime, listener)--> MemorySinkFactory --> MemorySink (one per host)
 *   GMF(host) --install/delete------------> MemorySink: SaId -> Msa, checks like a kernel
 *                                             (Algorithms: key and ICV sizes; Addresses: IpLiteral)
 *   host scheduler --soft/hard lifetime---> listener.expired(id, false) ... delete, expired(id, true)
 * </pre>
 *
 * Capabilities: exactly what it checks and accepts (ESP, AH for AH+ESP, IPV4, IPV6) and EXPIRE_EVENTS
 * from its own timers; no policies, SPI allocation or kernel.
 */
package org.miked.sink.memory.internal;
