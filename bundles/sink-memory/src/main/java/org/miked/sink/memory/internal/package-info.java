/**
 * The in-memory SA sink ({@code miked.sink=memory}): a separate SA database per host, for the
 * simulator's 10,000 hosts in one JVM.
 *
 * <pre>
 *   GMF(host) --open(runtime, listener)--> MemorySinkFactory --> MemorySink (one per host)
 *   GMF(host) --install/update/delete-----> MemorySink: SaId -> Msa, checks like a kernel
 *   host scheduler --soft/hard lifetime---> listener.expired(id, false) ... delete, expired(id, true)
 * </pre>
 */
package org.miked.sink.memory.internal;
