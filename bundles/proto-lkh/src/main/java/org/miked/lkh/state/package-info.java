/**
 * A key server's state record (issue 11): what it must not forget across a crash, its byte layout and its
 * sealing. No I/O here: {@code core.ServerStateKeeper} reads and writes the record through the host's
 * {@link org.miked.api.runtime.StateStore}.
 *
 * <pre>
 *  LkhServer.rekey (batch applied, before its packets leave)
 *     --&gt; ServerState (snapshot: shape, node keys, registrations, seq and reserve)
 *     --&gt; ServerStateCodec.encode --&gt; StateSealer.seal (AES-256-GCM, key from the signing key)
 *     --&gt; StateStore.put("lkh.&lt;group&gt;")                       (atomic, fsync'd on a real host)
 *  new LkhServer (restart)
 *     StateStore.get --&gt; StateSealer.open --&gt; ServerStateCodec.decode --&gt; ServerState --&gt; the same tree
 *                        any failure: StateDamage(kind) --&gt; logged, counted, a fresh tree
 * </pre>
 */
package org.miked.lkh.state;
