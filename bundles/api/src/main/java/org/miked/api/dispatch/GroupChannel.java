package org.miked.api.dispatch;

import java.util.List;
import java.util.Objects;
import org.miked.api.GroupId;
import org.miked.api.Role;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.SenderEntry;

/**
 * What a dispatcher needs to carry one group's key-management datagrams, and nothing more: no
 * credentials, protocol names or lifetimes. The GMF derives it from the group's policy
 * ({@link #of(GroupPolicy)}) and hands it to {@link HostPort#openGroup(GroupChannel)}.
 *
 * <p>Addresses stay the policy's literal strings: the policy bundle has already checked them with the
 * platform's one literal parser, the simulated dispatcher never needs them as addresses, and the real one
 * parses them where it uses them and reports a bad one with its field and group. Strings also keep this
 * record a plain value whose equality and text are exactly what the configuration said.
 *
 * @param group the group
 * @param role this host's role in the group
 * @param emcon this host must never transmit for the group (the dispatcher refuses and counts sends)
 * @param controlAddress multicast address literal that carries the group's key-management messages
 * @param controlPort UDP port of the group's key-management messages
 * @param senders the group's senders with their unicast address literals, in policy order (the dispatcher
 *     pins unicast to them on the control port)
 * @param excluded filter rules: member ids or address prefixes whose datagrams are dropped before parsing
 */
public record GroupChannel(GroupId group, Role role, boolean emcon, String controlAddress, int controlPort,
        List<SenderEntry> senders, List<String> excluded) {

    public GroupChannel {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(controlAddress, "controlAddress");
        senders = List.copyOf(senders);
        excluded = List.copyOf(excluded);
    }

    /**
     * @param policy a host's policy for one group
     * @return the part of it a dispatcher uses
     */
    public static GroupChannel of(GroupPolicy policy) {
        return new GroupChannel(policy.group(), policy.role(), policy.emcon(), policy.controlAddress(),
                policy.controlPort(), policy.senders(), policy.excluded());
    }
}
