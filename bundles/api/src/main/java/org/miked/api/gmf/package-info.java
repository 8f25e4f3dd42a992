/**
 * The group management framework as the shell, the simulator and tests see it: one
 * {@link org.miked.api.gmf.GroupManager} per host, made by a {@link org.miked.api.gmf.GmfFactory}.
 *
 * <pre>
 *   policy --join(policy)--> GroupManager --attach--> Dispatcher
 *                              |  per group: agreement + key server (sender) or key client (receiver)
 *                              +--install(Msa)--> SaSink
 * </pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.miked.api.gmf;
