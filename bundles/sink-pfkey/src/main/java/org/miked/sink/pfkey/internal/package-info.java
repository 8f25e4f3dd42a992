/**
 * The pfkey SA sink ({@code miked.sink=pfkey}): MSAs into the kernel through PF_KEY v2 (RFC 2367).
 *
 * <pre>
 *   GMF --install/update/delete(Msa)--> PfKeySink --SADB_ADD/UPDATE/DELETE, X_SPDADD/X_SPDDELETE--> kernel
 *   GMF <--expired(SaId, hard)--------- PfKeySink <--SADB_EXPIRE (after SADB_REGISTER for ESP)------ kernel
 *                                       PfKeySocketChannel: one PF_KEY_V2 socket via jnr-ffi + reader thread
 * </pre>
 */
package org.miked.sink.pfkey.internal;
