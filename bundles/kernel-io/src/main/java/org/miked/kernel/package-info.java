/**
 * Raw kernel sockets (netlink, PF_KEY) through jnr-ffi, shared by the kernel SA sinks: open, bind, send,
 * receive with a timeout, and failures that carry the errno by name so a sink can say which module or
 * privilege is missing.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.kernel;
