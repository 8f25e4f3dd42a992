package org.miked.dispatcher.real.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.policy.SenderEntry;

class ChannelAddressesTest {
    private static final MemberId S1 = MemberId.of("s01");
    private static final MemberId S2 = MemberId.of("s02");
    private static final List<SenderEntry> TWO = List.of(new SenderEntry(S1, "192.0.2.1"),
            new SenderEntry(S2, "192.0.2.2"));

    private static GroupChannel perServer(Role role, String control, List<String> rekey, MemberId... listen) {
        return new GroupChannel(GroupId.of("g1"), role, false, control, 5100, TWO, List.of(), rekey, List.of(listen));
    }

    private static InetSocketAddress at(String address) {
        return new InetSocketAddress(address, 5100);
    }

    private static GroupChannel channel(String control, int port, SenderEntry... senders) {
        return new GroupChannel(GroupId.of("g1"), Role.RECEIVER, false, control, port, List.of(senders), List.of());
    }

    @Test
    void controlAndPinnedSendersOnTheControlPortInPolicyOrder() {
        ChannelAddresses a = ChannelAddresses.of(channel("ff15::4d:1", 5100,
                new SenderEntry(MemberId.of("s02"), "fd00::2"), new SenderEntry(MemberId.of("s01"), " 192.0.2.1 ")),
                "any", S1);
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
                "ipv4", S1);
        assertThat(a.pinned()).containsOnlyKeys(MemberId.of("s02"));
        assertThat(a.unpinned()).singleElement().asString().contains("g1").contains("'localhost'")
                .contains("learned instead");
    }

    @Test
    void badControlAddressesAndPortsAreRejectedNamingGroupAndField() {
        assertThatThrownBy(() -> ChannelAddresses.of(channel("10.0.0.1", 5000), "any", S1))
                .hasMessageContaining("group g1").hasMessageContaining("not a multicast address");
        assertThatThrownBy(() -> ChannelAddresses.of(channel("ff15::1", 5000), "ipv4", S1))
                .hasMessageContaining("IPv6").hasMessageContaining("ipv4 only");
        assertThatThrownBy(() -> ChannelAddresses.of(channel("239.1.1.1", 5000), "ipv6", S1))
                .hasMessageContaining("IPv4").hasMessageContaining("ipv6 only");
        assertThatThrownBy(() -> ChannelAddresses.of(channel("group.example", 5000), "any", S1))
                .hasMessageContaining("controlAddress 'group.example' is not an IPv4 or IPv6 address literal");
        assertThatThrownBy(() -> ChannelAddresses.of(channel("239.1.1.1", 0), "any", S1))
                .hasMessageContaining("controlPort 0 is not a UDP port");
        assertThatThrownBy(() -> ChannelAddresses.of(channel("239.1.1.1", 65536), "any", S1))
                .hasMessageContaining("not a UDP port");
    }

    @Test
    void perServerChannelsASenderJoinsControlAndRekeysOnItsOwnAddressAReceiverJoinsItsServersOnly() {
        List<String> rekey = List.of("239.1.1.2", "239.1.1.3");
        ChannelAddresses s2 = ChannelAddresses.of(perServer(Role.SENDER, "239.1.1.1", rekey), "any", S2);
        assertThat(s2.listen()).containsExactly(at("239.1.1.1"));
        assertThat(s2.multicastTo(Audience.RECEIVERS)).isEqualTo(at("239.1.1.3"));
        assertThat(s2.multicastTo(Audience.SENDERS)).isEqualTo(at("239.1.1.1"));
        assertThat(s2.multicastTo(Audience.ALL)).isEqualTo(at("239.1.1.1"));

        ChannelAddresses r = ChannelAddresses.of(perServer(Role.RECEIVER, "239.1.1.1", rekey, S2), "any",
                MemberId.of("r00001"));
        assertThat(r.listen()).as("its key server's rekey channel, not the control address")
                .containsExactly(at("239.1.1.3"));
        assertThat(r.multicastTo(Audience.RECEIVERS)).as("not a key server: the control address")
                .isEqualTo(at("239.1.1.1"));
    }

    @Test
    void sharedChannelEveryoneJoinsAndSendsToTheControlAddress() {
        for (Role role : Role.values()) {
            ChannelAddresses a = ChannelAddresses.of(perServer(role, "ff15::4d:1", List.of(),
                    role == Role.RECEIVER ? new MemberId[] {S2} : new MemberId[0]), "any", S2);
            assertThat(a.listen()).containsExactly(at("ff15::4d:1"));
            for (Audience au : Audience.values()) {
                assertThat(a.multicastTo(au)).isEqualTo(at("ff15::4d:1"));
            }
        }
    }

    @Test
    void twoSpellingsOfOneRekeyAddressAreJoinedOnce() {
        ChannelAddresses r = ChannelAddresses.of(perServer(Role.RECEIVER, "239.1.1.1",
                List.of(" 239.1.1.2", "239.1.1.2"), S1, S2), "any", MemberId.of("r00001"));
        assertThat(r.listen()).containsExactly(at("239.1.1.2"));
    }

    @Test
    void badRekeyAddressesAreRejectedNamingGroupFieldAndServer() {
        assertThatThrownBy(() -> ChannelAddresses.of(perServer(Role.SENDER, "239.1.1.1",
                List.of("239.1.1.2", "rekey.example")), "any", S1))
                .hasMessageContaining("group g1")
                .hasMessageContaining("rekeyAddresses 'rekey.example' (of s02) is not an IPv4 or IPv6 address literal");
        assertThatThrownBy(() -> ChannelAddresses.of(perServer(Role.SENDER, "239.1.1.1",
                List.of("239.1.1.2", "10.0.0.3")), "any", S1))
                .hasMessageContaining("group g1: rekeyAddresses 10.0.0.3 (of s02) is not a multicast address");
        assertThatThrownBy(() -> ChannelAddresses.of(perServer(Role.RECEIVER, "239.1.1.1",
                List.of("ff15::4d:2", "239.1.1.3"), S2), "any", MemberId.of("r00001")))
                .as("checked even where this host does not join it")
                .hasMessageContaining("group g1: rekeyAddresses ff15::4d:2 (of s01) is IPv6 but controlAddress "
                        + "239.1.1.1 is IPv4");
        assertThatThrownBy(() -> ChannelAddresses.of(perServer(Role.SENDER, "ff15::4d:1",
                List.of("ff15::4d:2", "239.1.1.3")), "any", S1))
                .hasMessageContaining("rekeyAddresses 239.1.1.3 (of s02) is IPv4 but controlAddress ff15::4d:1 "
                        + "is IPv6");
    }
}
