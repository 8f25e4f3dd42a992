/**
 * Addresses for every layer: {@link org.miked.common.net.IpLiteral}, the platform's one parser of IP
 * address literals and prefixes (no name lookups, no regular expressions), and
 * {@link org.miked.common.net.AddressFilter}, a group policy's {@code excluded} rules (member ids and
 * address prefixes) compiled once for every dispatcher: the real one matches datagram sources before
 * parsing, the simulated one member ids.
 *
 * <pre>
 *  policy text --IpLiteral.parse--> 4/16 bytes --+--> policy validation (multicast, family, prefixes)
 *                                                +--> SA sinks (MSA endpoints, kernel address fields)
 *                                                +--> dispatchers (control address, sender pins)
 *  excluded rules --AddressFilter.of--> ids + 128-bit prefixes --> excludesAddress / excludes(member)
 * </pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.miked.common.net;
