package org.miked.dispatcher.real.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.common.net.AddressFilter;
import org.miked.common.wire.WireWriter;

class ReceiveRuleTest {
    private static final GroupId G = GroupId.of("g");
    private static final InetSocketAddress SRC = new InetSocketAddress("192.0.2.9", 5100);
    private static final AddressFilter RULES = AddressFilter.of(List.of("198.51.100.0/24", "r00666"));

    private static byte[] envelope(String group, String sender) {
        return new WireWriter().u8(0x4d).u8(0x4b).u8(2).u8(3).string8(group).string8(sender).i64(1).toByteArray();
    }

    private static ReceiveRule.Admission admit(byte[] d, InetSocketAddress src) {
        return ReceiveRule.admit(d, d.length, src, Map.of(G, RULES)::get);
    }

    @Test
    void screenIgnoresOwnCopiesThenAppliesTheSocketsAddressRules() {
        InetSocketAddress own = new InetSocketAddress("127.0.0.1", 5100);
        List<InetSocketAddress> locals = List.of(own);
        assertThat(ReceiveRule.screen(locals, own, RULES)).isEqualTo(ReceiveRule.Verdict.OWN);
        assertThat(ReceiveRule.screen(locals, new InetSocketAddress("127.0.0.1", 5101), RULES))
                .as("same address, other port: another daemon").isEqualTo(ReceiveRule.Verdict.ACCEPTED);
        assertThat(ReceiveRule.screen(locals, new InetSocketAddress("198.51.100.7", 5100), RULES))
                .isEqualTo(ReceiveRule.Verdict.EXCLUDED_ADDRESS);
        assertThat(ReceiveRule.screen(locals, SRC, AddressFilter.NONE)).isEqualTo(ReceiveRule.Verdict.ACCEPTED);
    }

    @Test
    void ownCopyIsRecognisedAcrossAnIpv4MappedSourceOnlyByBytes() throws Exception {
        InetSocketAddress own = new InetSocketAddress(InetAddress.getByName("::1"), 5100);
        assertThat(ReceiveRule.isOwn(List.of(own), new InetSocketAddress("::1", 5100))).isTrue();
        assertThat(ReceiveRule.isOwn(List.of(own), new InetSocketAddress("127.0.0.1", 5100))).isFalse();
    }

    @Test
    void admitAppliesTheClaimedGroupsMemberRulesAndNamesTheContactOfAdmittedSendersOnly() {
        ReceiveRule.Admission bad = admit(envelope("g", "r00666"), SRC);
        assertThat(bad.verdict()).isEqualTo(ReceiveRule.Verdict.EXCLUDED_MEMBER);
        assertThat(bad.contact()).as("an excluded member is never answered nor learned").isNull();

        ReceiveRule.Admission ok = admit(envelope("g", "r00001"), SRC);
        assertThat(ok).isEqualTo(new ReceiveRule.Admission(ReceiveRule.Verdict.ACCEPTED, MemberId.of("r00001"), true,
                new PeerTable.Contact(G, MemberId.of("r00001"), SRC)));
    }

    @Test
    void admitAppliesTheGroupsAddressRulesToADatagramThatCameInByUnicast() {
        InetSocketAddress excluded = new InetSocketAddress("198.51.100.7", 5100);
        assertThat(admit(envelope("g", "r00001"), excluded).verdict()).isEqualTo(ReceiveRule.Verdict.EXCLUDED_MEMBER);
    }

    @Test
    void aGroupNotOpenIsNeitherFilteredNorAnswered() {
        ReceiveRule.Admission a = admit(envelope("other", "r00666"), SRC);
        assertThat(a.verdict()).isEqualTo(ReceiveRule.Verdict.ACCEPTED);
        assertThat(a.contact()).isNull();
    }

    @Test
    void garbageGoesToTheHostFromItsSourceAddress() throws Exception {
        ReceiveRule.Admission a = admit(new byte[] {9, 9, 9}, SRC);
        assertThat(a).isEqualTo(new ReceiveRule.Admission(ReceiveRule.Verdict.ACCEPTED, MemberId.of("192.0.2.9"),
                false, null));
        InetAddress scoped = InetAddress.getByName("fe80::1%1");
        assertThat(ReceiveRule.memberOf(scoped)).as("zone id dropped").isEqualTo(MemberId.of("fe80:0:0:0:0:0:0:1"));
    }
}
