package org.miked.sim.network.internal;

import org.miked.common.net.AddressFilter;
import org.miked.api.Role;

/**
 * What the network keeps of one host's group channel (its GroupChannel): shared between hosts where equal, so a
 * 10,000-receiver group costs one small object per host at most.
 *
 * @param role SENDER or RECEIVER (decides which multicasts reach it)
 * @param emcon the host must never transmit for the group
 * @param filter the group's excluded rules as applied at this host
 */
public record Membership(Role role, boolean emcon, AddressFilter filter) {
}
