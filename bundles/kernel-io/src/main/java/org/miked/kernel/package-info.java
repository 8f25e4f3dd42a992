/**
 * What the two kernel SA sinks (xfrm, pfkey) share: raw kernel sockets (netlink, PF_KEY) through jnr-ffi
 * ({@link org.miked.kernel.KernelSocket}: open, bind, send, receive with a timeout, failures that carry the
 * errno by name so a sink can say which module or privilege is missing), a reader thread with request /
 * reply hand-over per socket ({@link org.miked.kernel.KernelChannel}), the per-family ESP probe at open
 * ({@link org.miked.kernel.EspProbe}: which of IPV4 / IPV6 the sink reports), an MSA's parsed endpoints
 * ({@link org.miked.kernel.SaEndpoints}), and the sinks' common base
 * ({@link org.miked.kernel.KernelSaSink}, the installed-SA ledger: which SAs are ours, one policy per
 * sender shared by its SAs, capability checks, expiry matching, close deletes everything).
 *
 * <pre>
 *   GMF --install/delete--> KernelSaSink (ledger) --addSa/addPolicy/deleteSa/deletePolicy--> XfrmSink |
 *                           PfKeySink (XFRM / PF_KEY codec) --> KernelChannel.request --> KernelSocket --> kernel
 *   GMF <--expired--------- KernelSaSink.expired <-- the sink <-- KernelChannel notifications <-- kernel
 * </pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.miked.kernel;
