package org.miked.api.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.SenderEntry;

/**
 * What a dispatcher needs to carry one group's key-management datagrams, and nothing more: no
 * credentials, protocol names or lifetimes. The GMF derives it from the group's policy
 * ({@link #of(GroupPolicy)}) and hands it to {@link HostPort#openGroup(GroupChannel)}.
 *
 * <p>Two kinds of multicast channel, both on {@code controlPort}:
 * <pre>
 *   control address         senders <-> senders   (agreement, epoch announcements: SENDERS, ALL)
 *   rekey address of s_i    s_i      -> its receivers (rekeys, repairs: RECEIVERS sent by s_i)
 * </pre>
 * With per-server rekey channels ({@code rekeyAddresses} non-empty) a receiver joins only the rekey
 * channels of the servers in {@code rekeyListen} (its key server) and never the control address, so it
 * never receives the other servers' rekeys or the senders' agreement. With a shared channel
 * ({@code rekeyAddresses} empty) every rekey address is the control address, which every member joins.
 * {@link #listenAddresses()} and {@link #multicastAddress} are the rule both dispatchers follow.
 *
 * <p>Addresses stay the policy's literal strings: the policy bundle has already checked them with the
 * platform's one literal parser, the simulated dispatcher never needs them as addresses, and the real one
 * parses them where it uses them and reports a bad one with its field and group. Strings also keep this
 * record a plain value whose equality and text are exactly what the configuration said.
 *
 * @param group the group
 * @param role this host's role in the group
 * @param emcon this host must never transmit for the group (the dispatcher refuses and counts sends)
 * @param controlAddress multicast address literal that carries the senders' key-management messages
 * @param controlPort UDP port of the group's key-management messages
 * @param senders the group's senders with their unicast address literals, in policy order (the dispatcher
 *     pins unicast to them on the control port)
 * @param excluded filter rules: member ids or address prefixes whose datagrams are dropped before parsing
 * @param rekeyAddresses per sender in policy order, the multicast address literal of its rekey channel;
 *     empty when the group shares the control address
 * @param rekeyListen the key servers whose rekey channels this host joins (at a receiver its key server;
 *     empty at a sender)
 */
public record GroupChannel(GroupId group, Role role, boolean emcon, String controlAddress, int controlPort,
        List<SenderEntry> senders, List<String> excluded, List<String> rekeyAddresses, List<MemberId> rekeyListen) {

    public GroupChannel {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(controlAddress, "controlAddress");
        senders = List.copyOf(senders);
        excluded = List.copyOf(excluded);
        rekeyAddresses = List.copyOf(rekeyAddresses);
        rekeyListen = List.copyOf(rekeyListen);
        if (!rekeyAddresses.isEmpty() && rekeyAddresses.size() != senders.size()) {
            throw new IllegalArgumentException("group " + group + ": " + rekeyAddresses.size()
                    + " rekey addresses for " + senders.size() + " senders");
        }
    }

    /** A channel with the control address shared by every key server (no per-server rekey channels). */
    public GroupChannel(GroupId group, Role role, boolean emcon, String controlAddress, int controlPort,
            List<SenderEntry> senders, List<String> excluded) {
        this(group, role, emcon, controlAddress, controlPort, senders, excluded, List.of(), List.of());
    }

    /**
     * @param policy a host's policy for one group
     * @return the part of it a dispatcher uses; a receiver listens to its key server's rekey channel
     */
    public static GroupChannel of(GroupPolicy policy) {
        return new GroupChannel(policy.group(), policy.role(), policy.emcon(), policy.controlAddress(),
                policy.controlPort(), policy.senders(), policy.excluded(), policy.rekeyAddresses(),
                policy.role() == Role.RECEIVER ? List.of(policy.keyServer()) : List.of());
    }

    /** @return true if each key server has its own rekey channel */
    public boolean perServerRekey() {
        return !rekeyAddresses.isEmpty();
    }

    /**
     * @param server a sender of the group
     * @return the multicast address literal its rekeys go to, or null if it is not one of the senders
     */
    public String rekeyAddressOf(MemberId server) {
        for (int i = 0; i < senders.size(); i++) {
            if (senders.get(i).id().equals(server)) {
                return rekeyAddresses.isEmpty() ? controlAddress : rekeyAddresses.get(i);
            }
        }
        return null;
    }

    /**
     * @return the multicast addresses this host joins, without repeats: a sender the control address; a
     *     receiver the rekey channels of {@code rekeyListen} (the control address when shared)
     */
    public List<String> listenAddresses() {
        List<String> out = new ArrayList<>();
        if (role == Role.SENDER || !perServerRekey()) {
            out.add(controlAddress);
        }
        if (role == Role.RECEIVER) {
            for (MemberId s : rekeyListen) {
                String a = rekeyAddressOf(s);
                if (a != null && !out.contains(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /**
     * @param audience who the multicast is for
     * @param self the sending host
     * @return where it goes: RECEIVERS from a sender to its own rekey channel, everything else to the control
     *     address
     */
    public String multicastAddress(Audience audience, MemberId self) {
        if (audience == Audience.RECEIVERS) {
            String a = rekeyAddressOf(self);
            if (a != null) {
                return a;
            }
        }
        return controlAddress;
    }
}
