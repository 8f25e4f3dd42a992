/**
 * Wire pieces every agreement message shares: the run header that binds a message to one protocol, DH
 * group, multicast group, run and member list, and member bitmaps. Protocol bodies follow the header and
 * are defined by each protocol bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.dh.wire;
