/**
 * The xfrm SA sink ({@code miked.sink=xfrm}): MSAs into the Linux kernel through XFRM netlink.
 *
 * <pre>
 *   GMF --install/update/delete(Msa)--> XfrmSink --NEWSA/UPDSA/DELSA, UPDPOLICY/DELPOLICY--> kernel
 *   GMF <--expired(SaId, hard)---------- XfrmSink <--XFRM_MSG_EXPIRE (group XFRMGRP_EXPIRE)-- kernel
 *                                        NetlinkXfrmChannel: 2 NETLINK_XFRM sockets via jnr-ffi
 * </pre>
 */
package org.miked.sink.xfrm.internal;
