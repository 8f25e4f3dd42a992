/**
 * LKH state machines (pure: no sockets, threads or wall clock; time, timers and randomness come from the
 * injected {@link org.miked.api.runtime.HostRuntime}).
 *
 * <pre>
 *   LkhServer ---- KeyTree (flat per-level arrays: keys, versions, member counts)
 *      |  rekey(Ke(n)) -> BatchRekey (marks changed paths, wraps) -> Packer (one packet per leaf range)
 *      |  repair tick  -> EmconRepair (recent changes, then a carousel; EMCON subtrees only)
 *      |  REGISTER     -> Registration (X25519 + HKDF over the transcript) -> WELCOME (unicast)
 *      |  open / batch -> ServerStateKeeper (state record lkh.&lt;group&gt;: the tree survives a crash)
 *   LkhClient ---- ClientKeys (leaf key, path keys with versions, epoch key; atomic apply)
 * </pre>
 */
package org.miked.lkh.core;
