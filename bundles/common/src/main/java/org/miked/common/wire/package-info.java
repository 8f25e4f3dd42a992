/**
 * Bounds-checked reading and writing of wire formats. Every decoder in MIKED reads through
 * {@link org.miked.common.wire.WireReader}, which throws {@link org.miked.common.wire.DecodeException}
 * naming the field at the first byte that does not fit, never an unchecked exception.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.common.wire;
