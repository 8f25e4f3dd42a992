package org.miked.dispatcher.real.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.policy.SenderEntry;

class ChannelAddressesTest {
    private static GroupChannel channel(String control, int port, SenderEntry... senders) {
        return new GroupChannel(GroupId.of("g1"), Role.RECEIVER, false, control, port, List.of(senders), List.of());
    }

    @Test
    void controlAndPinnedSendersOnTheControlPortInPolicyOrder() {
        ChannelAddresses a = ChannelAddresses.of(channel("ff15::4d:1", 5100,
                new SenderEntry(MemberId.of("s02"), "fd00::2"), new SenderEntry(MemberId.of("s01"), " 192.0.2.1 ")),
                "any");
        assertThat(a.control()).isEqualTo(new InetSocketAddress("ff15::4d:1", 5100));
        assertThat(a.v6()).isTrue();
        assertThat(a.pinned().keySet()).containsExactly(MemberId.of("s02"), MemberId.of("s01"));
        assertThat(a.pinned().get(MemberId.of("s01"))).isEqualTo(new InetSocketAddress("192.0.2.1", 5100));
        assertThat(a.unpinned()).isEmpty();
    }

    @Test
    void aSenderWithoutALiteralIsLearnedInsteadAndNeverLookedUp() {
        ChannelAddresses a = ChannelAddresses.of(channel("239.1.1.1", 5100,
                new SenderEntry(MemberId.of("s01"), "localhost"), new SenderEntry(MemberId.of("s02"), "192.0.2.2")),
                "ipv4");
        assertThat(a.pinned()).containsOnlyKeys(MemberId.of("s02"));
        assertThat(a.unpinned()).singleElement().asString().contains("g1").contains("'localhost'")
                .contains("learned instead");
    }

    @Test
    void badControlAddressesAndPortsAreRejectedNamingGroupAndField() {
        assertThatThrownBy(() -> ChannelAddresses.of(channel("10.0.0.1", 5000), "any"))
                .hasMessageContaining("group g1").hasMessageContaining("not a multicast address");
        assertThatThrownBy(() -> ChannelAddresses.of(channel("ff15::1", 5000), "ipv4"))
                .hasMessageContaining("IPv6").hasMessageContaining("ipv4 only");
        assertThatThrownBy(() -> ChannelAddresses.of(channel("239.1.1.1", 5000), "ipv6"))
                .hasMessageContaining("IPv4").hasMessageContaining("ipv6 only");
        assertThatThrownBy(() -> ChannelAddresses.of(channel("group.example", 5000), "any"))
                .hasMessageContaining("controlAddress 'group.example' is not an IPv4 or IPv6 address literal");
        assertThatThrownBy(() -> ChannelAddresses.of(channel("239.1.1.1", 0), "any"))
                .hasMessageContaining("controlPort 0 is not a UDP port");
        assertThatThrownBy(() -> ChannelAddresses.of(channel("239.1.1.1", 65536), "any"))
                .hasMessageContaining("not a UDP port");
    }
}
