/**
 * Bounds-checked reading and writing in host byte order, for the kernel's own structures (netlink and
 * PF_KEY messages); failures are {@link org.miked.common.wire.DecodeException}s naming the field.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.kernel.wire;
