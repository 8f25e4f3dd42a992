package org.miked.api.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.policy.Credentials;
import org.miked.api.policy.CryptoSuite;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.SenderEntry;

/** A dispatcher gets the policy's addressing, role, EMCON and filter rules, in policy order, and no keys. */
class GroupChannelTest {
    @Test
    void ofCopiesWhatADispatcherUsesInPolicyOrder() {
        List<SenderEntry> senders = List.of(new SenderEntry(MemberId.of("s02"), "fd00::2"),
                new SenderEntry(MemberId.of("s01"), "fd00::1"));
        GroupPolicy p = new GroupPolicy(GroupId.of("g"), Role.RECEIVER, "ff3e::1", 0, "ff3e::2", 5000, senders,
                MemberId.of("s01"), "bd", "lkh", "sig", "sig", "memory", Map.of(), CryptoSuite.DEFAULT, 60, 90, 100,
                0, true, List.of("r00666", "fd00:dead::/32"), Credentials.NONE);
        GroupChannel c = GroupChannel.of(p);
        assertThat(c).isEqualTo(new GroupChannel(GroupId.of("g"), Role.RECEIVER, true, "ff3e::2", 5000, senders,
                List.of("r00666", "fd00:dead::/32"), List.of(), List.of(MemberId.of("s01"))));
        // shared channel: the receiver joins the control address, and every rekey goes there
        assertThat(c.listenAddresses()).containsExactly("ff3e::2");
        assertThat(c.multicastAddress(Audience.RECEIVERS, MemberId.of("s02"))).isEqualTo("ff3e::2");
        assertThat(c.senders()).extracting(SenderEntry::id).containsExactly(MemberId.of("s02"), MemberId.of("s01"));
    }

    @Test
    void perServerChannelsSeparateRekeysFromTheSendersTraffic() {
        List<SenderEntry> senders = List.of(new SenderEntry(MemberId.of("s01"), "fd00::1"),
                new SenderEntry(MemberId.of("s02"), "fd00::2"));
        GroupPolicy p = new GroupPolicy(GroupId.of("g"), Role.RECEIVER, "ff3e::1", 0, "ff3e::2", 5000,
                List.of("ff3e::3", "ff3e::4"), senders, MemberId.of("s02"), "bd", "lkh", "sig", "sig", "memory",
                Map.of(), CryptoSuite.DEFAULT, 60, 90, 100, 0, false, List.of(), Credentials.NONE);
        GroupChannel receiver = GroupChannel.of(p);
        assertThat(receiver.perServerRekey()).isTrue();
        assertThat(receiver.listenAddresses()).containsExactly("ff3e::4");
        GroupChannel sender = GroupChannel.of(p.forHost(Role.SENDER, MemberId.of("s01"), false, Credentials.NONE));
        assertThat(sender.listenAddresses()).containsExactly("ff3e::2");
        assertThat(sender.multicastAddress(Audience.RECEIVERS, MemberId.of("s01"))).isEqualTo("ff3e::3");
        assertThat(sender.multicastAddress(Audience.SENDERS, MemberId.of("s01"))).isEqualTo("ff3e::2");
        assertThat(sender.multicastAddress(Audience.ALL, MemberId.of("s01"))).isEqualTo("ff3e::2");
        assertThat(p.rekeyAddressOf(MemberId.of("s02"))).isEqualTo("ff3e::4");
    }

    @Test
    void rekeyAddressesMustMatchTheSenders() {
        List<SenderEntry> one = List.of(new SenderEntry(MemberId.of("s01"), "fd00::1"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GroupChannel(GroupId.of("g"), Role.SENDER,
                false, "ff3e::2", 5000, one, List.of(), List.of("ff3e::3", "ff3e::4"), List.of()))
                .hasMessageContaining("2 rekey addresses for 1 senders");
    }

    @Test
    void componentsAreImmutableCopies() {
        List<String> rules = new ArrayList<>(List.of("r1"));
        GroupChannel c = new GroupChannel(GroupId.of("g"), Role.SENDER, false, "239.1.1.1", 5000,
                List.of(new SenderEntry(MemberId.of("s01"), "192.0.2.1")), rules);
        rules.add("r2");
        assertThat(c.excluded()).containsExactly("r1");
    }
}
