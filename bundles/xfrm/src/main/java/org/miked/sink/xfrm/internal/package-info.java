/**
 * The xfrm SA sink ({@code miked.sink=xfrm}): MSAs into the Linux kernel through XFRM netlink.
 *
 * <pre>
 *   GMF --install(Msa)/delete(SaId)--> XfrmSink --NEWSA/DELSA, UPDPOLICY/DELPOLICY--------> kernel
 *   GMF <--expired(SaId, hard)-------- XfrmSink <--XFRM_MSG_EXPIRE (group XFRMGRP_EXPIRE)-- kernel
 *                                        |  extends org.miked.kernel.KernelSaSink: the installed-SA ledger
 *                                        |  (ours, shared policy per sender, close deletes all)
 *                                      NetlinkXfrmChannel: 2 NETLINK_XFRM sockets via jnr-ffi,
 *                                        each read by an org.miked.kernel.KernelChannel
 * </pre>
 *
 * {@link org.miked.sink.xfrm.internal.XfrmSinkFactory} probes at open which families have ESP;
 * {@link org.miked.sink.xfrm.internal.MsaMapping} turns an MSA into XFRM structures.
 */
package org.miked.sink.xfrm.internal;
