/**
 * The pfkey SA sink ({@code miked.sink=pfkey}): MSAs into the kernel through PF_KEY v2 (RFC 2367).
 *
 * <pre>
 *   GMF --install(Msa)/delete(SaId)--> PfKeySink --SADB_ADD/DELETE, X_SPDUPDATE/X_SPDDELETE--> kernel
 *   GMF <--expired(SaId, hard)-------- PfKeySink <--SADB_EXPIRE (after SADB_REGISTER for ESP)-- kernel
 *                                        |  extends org.miked.kernel.KernelSaSink: the installed-SA ledger
 *                                        |  (ours, shared policy per sender, close deletes all)
 *                                      PfKeySocketChannel: one PF_KEY_V2 socket via jnr-ffi,
 *                                        read by an org.miked.kernel.KernelChannel
 * </pre>
 *
 * {@link org.miked.sink.pfkey.internal.PfKeySinkFactory} registers for ESP and probes which families
 * have it; {@link org.miked.sink.pfkey.internal.PfKeyMapping} turns an MSA into PF_KEY messages.
 */
package org.miked.sink.pfkey.internal;
