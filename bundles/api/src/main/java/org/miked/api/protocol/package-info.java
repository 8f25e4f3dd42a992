/**
 * Key-exchange protocols as pure state machines: events in, actions out through the injected context.
 *
 * <pre>
 *   GMF                                  protocol core (no sockets, threads or wall clock)
 *    |-- start(run, members) ----------->  AgreementSession   (bd, gdh2, gdh3, ...)
 *    |-- onMessage(from, body) --------->     |
 *    |<- ctx.send(destination, body) -----    |   (GMF seals with the group's auth scheme)
 *    |<- ctx.agreed(result) / failed -----    |
 *    |
 *    |-- rekey(epochKey) --------------->  KeyServerSession   (lkh, ...)     ctx: KeyServerContext
 *    |<- ctx.membershipChanged() ---------    |
 *    |-- start() / onMessage ----------->  KeyClientSession                 ctx: KeyClientContext
 *    |<- ctx.epochKey(key) / refused -----    |
 *    |<- ctx.keyServerSilent(since | -1) -    |
 * </pre>
 *
 * Each session gets a context with only its own outputs: {@link org.miked.api.protocol.AgreementContext},
 * {@link org.miked.api.protocol.KeyServerContext} or {@link org.miked.api.protocol.KeyClientContext}, all
 * extending {@link org.miked.api.protocol.ProtocolContext}.
 *
 * All calls into one session come from the host's event loop, one at a time. Timers go through
 * {@code ctx.runtime().scheduler()}, randomness through {@code ctx.runtime().random()}. A protocol bundle
 * registers its {@link org.miked.api.protocol.KeyAgreementProtocol} or
 * {@link org.miked.api.protocol.KeyDistributionProtocol} as a DS service with property
 * {@code miked.protocol} naming it; the GMF binds it dynamically and a group selects it by that name.
 * Message bodies reach a session only after the GMF checked their authentication, group and replay
 * window; a session must still treat them as hostile input (bounds, group elements, run numbers).
 *
 * <p>2.4.0: {@code KeyServerSession.sendersAgreed(live)} (a default no-op): the GMF tells the key server which
 * senders agreed each run, so a backup key server knows when another server is down (issue 11).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.5.0")
package org.miked.api.protocol;
