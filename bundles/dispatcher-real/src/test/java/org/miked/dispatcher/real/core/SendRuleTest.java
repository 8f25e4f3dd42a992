package org.miked.dispatcher.real.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.Destination;

class SendRuleTest {
    private static final GroupId G = GroupId.of("g");
    private static final InetSocketAddress CONTROL = new InetSocketAddress("239.1.1.1", 5100);
    private static final MemberId S1 = MemberId.of("s01");

    private static PeerTable peers() {
        PeerTable t = new PeerTable(10);
        t.pin(G, S1, new InetSocketAddress("192.0.2.1", 5100));
        return t;
    }

    @Test
    void multicastGoesToTheControlAddressUnicastToTheMembersAddress() {
        SendRule.Verdict m = SendRule.decide(true, false, CONTROL, Destination.multicast(G, Audience.ALL), peers(), 10);
        assertThat(m.allowed()).isTrue();
        assertThat(m.to()).isEqualTo(CONTROL);
        SendRule.Verdict u = SendRule.decide(true, false, CONTROL, Destination.unicast(G, S1), peers(), 10);
        assertThat(u.to()).isEqualTo(new InetSocketAddress("192.0.2.1", 5100));
    }

    @Test
    void refusalsAreNamedInOrderGroupEmconRouteSize() {
        Destination toS1 = Destination.unicast(G, S1);
        Destination toUnknown = Destination.unicast(G, MemberId.of("r00999"));
        assertThat(SendRule.decide(false, true, null, toUnknown, peers(), 1 << 20).refusal())
                .isEqualTo("refused.group-not-open");
        assertThat(SendRule.decide(true, true, CONTROL, toUnknown, peers(), 1 << 20).refusal())
                .isEqualTo("refused.emcon");
        assertThat(SendRule.decide(true, true, CONTROL, Destination.multicast(G, Audience.ALL), peers(), 1).refusal())
                .as("EMCON refuses multicast too").isEqualTo("refused.emcon");
        assertThat(SendRule.decide(true, false, CONTROL, toUnknown, peers(), 1 << 20).refusal())
                .isEqualTo("refused.no-route");
        assertThat(SendRule.decide(true, false, CONTROL, toS1, peers(), SendRule.MAX_PAYLOAD + 1).refusal())
                .isEqualTo("refused.too-large");
        SendRule.Verdict ok = SendRule.decide(true, false, CONTROL, toS1, peers(), SendRule.MAX_PAYLOAD);
        assertThat(ok.allowed()).isTrue();
        assertThat(ok.refusal()).isNull();
    }
}
