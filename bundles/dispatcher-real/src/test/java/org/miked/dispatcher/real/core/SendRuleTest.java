package org.miked.dispatcher.real.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.policy.SenderEntry;

class SendRuleTest {
    private static final GroupId G = GroupId.of("g");
    private static final InetSocketAddress CONTROL = new InetSocketAddress("239.1.1.1", 5100);
    private static final MemberId S1 = MemberId.of("s01");
    private static final MemberId S2 = MemberId.of("s02");
    private static final List<SenderEntry> SENDERS = List.of(new SenderEntry(S1, "192.0.2.1"),
            new SenderEntry(S2, "192.0.2.2"));
    /** The control address shared by every key server. */
    private static final ChannelAddresses SHARED = ChannelAddresses.of(
            new GroupChannel(G, Role.SENDER, false, "239.1.1.1", 5100, SENDERS, List.of()), "any", S1);

    private static PeerTable peers() {
        PeerTable t = new PeerTable(10);
        t.pin(G, S1, new InetSocketAddress("192.0.2.1", 5100));
        return t;
    }

    /** Per-server rekey channels: s01 on 239.1.1.2, s02 on 239.1.1.3. */
    private static ChannelAddresses perServer(Role role, MemberId self) {
        return ChannelAddresses.of(new GroupChannel(G, role, false, "239.1.1.1", 5100, SENDERS, List.of(),
                List.of("239.1.1.2", "239.1.1.3"), role == Role.RECEIVER ? List.of(S2) : List.of()), "any", self);
    }

    private static InetSocketAddress multicastTo(ChannelAddresses a, Audience audience) {
        SendRule.Verdict v = SendRule.decide(true, false, a, Destination.multicast(G, audience), peers(), 10);
        assertThat(v.allowed()).isTrue();
        return v.to();
    }

    @Test
    void multicastGoesToTheControlAddressUnicastToTheMembersAddress() {
        for (Audience au : Audience.values()) {
            assertThat(multicastTo(SHARED, au)).as("shared channel: " + au).isEqualTo(CONTROL);
        }
        SendRule.Verdict u = SendRule.decide(true, false, SHARED, Destination.unicast(G, S1), peers(), 10);
        assertThat(u.to()).isEqualTo(new InetSocketAddress("192.0.2.1", 5100));
    }

    @Test
    void receiversFromASenderGoToItsOwnRekeyAddressSendersAndAllToTheControlAddress() {
        assertThat(multicastTo(perServer(Role.SENDER, S1), Audience.RECEIVERS))
                .isEqualTo(new InetSocketAddress("239.1.1.2", 5100));
        assertThat(multicastTo(perServer(Role.SENDER, S2), Audience.RECEIVERS))
                .isEqualTo(new InetSocketAddress("239.1.1.3", 5100));
        assertThat(multicastTo(perServer(Role.SENDER, S2), Audience.SENDERS)).isEqualTo(CONTROL);
        assertThat(multicastTo(perServer(Role.SENDER, S2), Audience.ALL)).isEqualTo(CONTROL);
        assertThat(multicastTo(perServer(Role.RECEIVER, MemberId.of("r00001")), Audience.RECEIVERS))
                .as("a receiver is no key server: the control address").isEqualTo(CONTROL);
        SendRule.Verdict u = SendRule.decide(true, false, perServer(Role.SENDER, S2), Destination.unicast(G, S1),
                peers(), 10);
        assertThat(u.to()).as("unicast is unchanged").isEqualTo(new InetSocketAddress("192.0.2.1", 5100));
    }

    @Test
    void refusalsAreNamedInOrderGroupEmconRouteSize() {
        Destination toS1 = Destination.unicast(G, S1);
        Destination toUnknown = Destination.unicast(G, MemberId.of("r00999"));
        assertThat(SendRule.decide(false, true, null, toUnknown, peers(), 1 << 20).refusal())
                .isEqualTo("refused.group-not-open");
        assertThat(SendRule.decide(true, true, SHARED, toUnknown, peers(), 1 << 20).refusal())
                .isEqualTo("refused.emcon");
        assertThat(SendRule.decide(true, true, SHARED, Destination.multicast(G, Audience.ALL), peers(), 1).refusal())
                .as("EMCON refuses multicast too").isEqualTo("refused.emcon");
        assertThat(SendRule.decide(true, false, SHARED, toUnknown, peers(), 1 << 20).refusal())
                .isEqualTo("refused.no-route");
        assertThat(SendRule.decide(true, false, SHARED, toS1, peers(), SendRule.MAX_PAYLOAD + 1).refusal())
                .isEqualTo("refused.too-large");
        SendRule.Verdict ok = SendRule.decide(true, false, SHARED, toS1, peers(), SendRule.MAX_PAYLOAD);
        assertThat(ok.allowed()).isTrue();
        assertThat(ok.refusal()).isNull();
    }
}
