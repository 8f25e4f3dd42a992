/**
 * Run bookkeeping shared by agreement protocol cores: the identity of a run ({@link org.miked.dh.core.RunInfo}:
 * protocol, DH group, multicast group, run number, member list and its hash) with the header check every
 * received message passes, the transcript hash and key schedule ({@link org.miked.dh.core.Transcript},
 * {@link org.miked.dh.core.KeySchedule}), timers on the injected scheduler ({@link org.miked.dh.core.RunTimers})
 * rejection logging ({@link org.miked.dh.core.Rejects}) and the end of a run without progress
 * ({@link org.miked.dh.core.Expiry}).
 *
 * <pre>
 *   onMessage(from, body)               (Rejects.admit does the first three steps for every protocol)
 *      | protocol decode (RunHeaderCodec.read first)  -- DecodeException  -&gt; reject "decode"
 *      | no run started yet             -- reject "idle"
 *      | RunInfo.check(header, from)    -- other protocol / DH group / group / stale run / future run /
 *      |                                   other member list / position != from  -&gt; reject naming it
 *      | protocol body decode, DhOps.decode for each element  -- InvalidElementException -&gt; reject
 *      v protocol state machine
 * </pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.dh.core;
