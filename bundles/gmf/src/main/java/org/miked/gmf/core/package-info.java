/**
 * The group management framework's core (the paper's middle layer), plain Java with no OSGi and no
 * I/O of its own: it runs unchanged over the real dispatcher and, once per simulated host, over the
 * simulated one. Every entry point runs under the {@link org.miked.gmf.core.HostGmf} lock.
 *
 * <pre>
 *  dispatcher --datagram--> HostGmf --EnvelopeIn (untrusted prefix)--> GroupSession of the group
 *                                        |
 *        GroupSession (shared by both roles)
 *          GroupComponents  auth schemes + SA sink bound by name, sink capabilities checked
 *          EnvelopeChannel  open (scheme, decode, sender/group match, replay window) / seal
 *          MsaLedger        stage Ke(n)'s MSAs, commit all or nothing, delete older epochs after grace
 *        SenderGroup (facade)                         ReceiverGroup
 *          SenderLiveness       live set, coordinator   distribution client (LKH) -> epoch keys
 *          AgreementCoordinator START, runs, watchdogs
 *          EpochChain           Ks -> Ke(n), next base epoch
 *          KeyServerHost        LKH server, batch timer
 *
 *  epoch key --GroupSession.enterKeyed--> MsaDeriver (one MSA per sender) --MsaLedger--> SaSink
 *      all taken: KEYED        a refusal: SA_REFUSED, the reason names the sink's error
 * </pre>
 *
 * {@link org.miked.gmf.core.Registry} is what the core sees of deployed components;
 * {@link org.miked.gmf.core.MapRegistry} fills it by hand for tests and benchmarks, the OSGi service
 * registry fills it in {@code org.miked.gmf.internal}.
 */
package org.miked.gmf.core;
