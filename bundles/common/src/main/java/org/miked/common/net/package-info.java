/**
 * A group policy's {@code excluded} rules (member ids and address prefixes) compiled once, for every
 * dispatcher: the real one matches datagram sources before parsing, the simulated one member ids.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.common.net;
