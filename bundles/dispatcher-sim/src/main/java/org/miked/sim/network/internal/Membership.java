package org.miked.sim.network.internal;

import java.util.List;
import org.miked.common.net.AddressFilter;
import org.miked.api.Role;

/**
 * What the network keeps of one host's group channel (its GroupChannel): a few references into strings
 * and lists the hosts' policies share, so a 10,000-receiver group costs one small object per host.
 *
 * @param role SENDER or RECEIVER (decides which multicasts on an address reach it)
 * @param emcon the host must never transmit for the group
 * @param filter the group's excluded rules as applied at this host
 * @param listen the multicast addresses it joined ({@code GroupChannel.listenAddresses()})
 * @param control where its SENDERS and ALL multicasts go (the control address)
 * @param rekey where its RECEIVERS multicasts go (its own rekey channel at a key server, else the control
 *     address)
 */
public record Membership(Role role, boolean emcon, AddressFilter filter, List<String> listen, String control,
        String rekey) {

    /** @return true if it joined the multicast address */
    boolean listensTo(String address) {
        for (String a : listen) {
            if (a.equals(address)) {
                return true;
            }
        }
        return false;
    }
}
