package org.miked.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressFilterTest {
    private static InetAddress a(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void ipv4PrefixMatchesOnlyInside() throws Exception {
        AddressFilter f = AddressFilter.of(List.of("10.1.0.0/16"));
        assertThat(f.excludesAddress(a("10.1.2.3"))).isTrue();
        assertThat(f.excludesAddress(a("10.1.255.255"))).isTrue();
        assertThat(f.excludesAddress(a("10.2.0.1"))).isFalse();
        assertThat(f.excludesAddress(a("fd00::1"))).isFalse();
    }

    @Test
    void oddPrefixLengthsMaskInsideAByte() throws Exception {
        AddressFilter f = AddressFilter.of(List.of("192.168.4.0/22", "fd00:dead::/31"));
        assertThat(f.excludesAddress(a("192.168.7.200"))).isTrue();
        assertThat(f.excludesAddress(a("192.168.8.1"))).isFalse();
        assertThat(f.excludesAddress(a("fd00:deac::1"))).isTrue(); // dead/deac differ in the 32nd bit only
        assertThat(f.excludesAddress(a("fd00:deaf::1"))).isFalse(); // dead/deaf differ in the 31st bit
        assertThat(f.excludesAddress(a("fd00:deb0::1"))).isFalse();
    }

    @Test
    void ipv6PrefixMatches() throws Exception {
        AddressFilter f = AddressFilter.of(List.of("fd00:dead::/32"));
        assertThat(f.excludesAddress(a("fd00:dead:beef::12"))).isTrue();
        assertThat(f.excludesAddress(a("fd00:beef::12"))).isFalse();
        assertThat(f.excludesAddress(a("10.0.0.1"))).isFalse();
    }

    @Test
    void ipv4RuleMatchesIpv4MappedSourceAndBack() throws Exception {
        AddressFilter v4rule = AddressFilter.of(List.of("10.0.0.0/8"));
        // a dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d; build that form explicitly
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 7;
        InetAddress asV6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertThat(asV6.getAddress()).hasSize(16);
        assertThat(v4rule.excludesAddress(asV6)).isTrue();

        AddressFilter mappedRule = AddressFilter.of(List.of("::ffff:10.0.0.0/104"));
        assertThat(mappedRule.excludesAddress(a("10.200.1.1"))).isTrue();
        assertThat(mappedRule.excludesAddress(a("11.0.0.1"))).isFalse();
    }

    @Test
    void zeroLengthPrefixesMatchTheirWholeSpace() throws Exception {
        assertThat(AddressFilter.of(List.of("::/0")).excludesAddress(a("10.0.0.1"))).isTrue();
        AddressFilter allV4 = AddressFilter.of(List.of("0.0.0.0/0"));
        assertThat(allV4.excludesAddress(a("203.0.113.9"))).isTrue();
        assertThat(allV4.excludesAddress(a("2001:db8::1"))).isFalse();
    }

    @Test
    void bareLiteralIsAMemberIdAndAHostPrefix() throws Exception {
        AddressFilter f = AddressFilter.of(List.of("fd00::12", "r00042", "192.0.2.7"));
        assertThat(f.excludesMember("fd00::12")).isTrue();
        assertThat(f.excludesMember("r00042")).isTrue();
        assertThat(f.excludesMember("r00043")).isFalse();
        assertThat(f.excludesAddress(a("fd00::12"))).isTrue();
        assertThat(f.excludesAddress(a("fd00::13"))).isFalse();
        assertThat(f.excludesAddress(a("192.0.2.7"))).isTrue();
        assertThat(f.excludesAddress(a("192.0.2.8"))).isFalse();
    }

    @Test
    void malformedPrefixesAreRejectedNamingTheRule() {
        for (String bad : List.of("10.0.0.0/33", "fd00::/129", "10.0.0.0/x", "300.0.0.1/8", "host.example/8",
                "fd00::/-1")) {
            assertThatThrownBy(() -> AddressFilter.of(List.of(bad))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void neverResolvesNames() {
        // a name with a slash is a malformed prefix, not a lookup; without a slash it is a member id
        assertThatThrownBy(() -> AddressFilter.of(List.of("localhost/8"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(AddressFilter.of(List.of("localhost")).excludesMember("localhost")).isTrue();
    }

    @Test
    void unionExcludesWhatEitherExcludes() throws Exception {
        AddressFilter u = AddressFilter.of(List.of("10.0.0.0/8")).union(AddressFilter.of(List.of("s09")));
        assertThat(u.excludesAddress(a("10.9.9.9"))).isTrue();
        assertThat(u.excludesMember("s09")).isTrue();
        assertThat(AddressFilter.NONE.union(AddressFilter.NONE).isEmpty()).isTrue();
    }

    /** The simulator knows member ids only: ids match by name, address-literal ids by prefix. */
    @org.junit.jupiter.api.Test
    void membersAreExcludedByIdOrByAnAddressLiteralId() {
        AddressFilter f = AddressFilter.of(List.of("r00042", "fd00:dead::/32", "10.0.0.0/8"));
        org.assertj.core.api.Assertions.assertThat(f.excludes(org.miked.api.MemberId.of("r00042"))).isTrue();
        org.assertj.core.api.Assertions.assertThat(f.excludes(org.miked.api.MemberId.of("r00043"))).isFalse();
        org.assertj.core.api.Assertions.assertThat(f.excludes(org.miked.api.MemberId.of("fd00:dead::7"))).isTrue();
        org.assertj.core.api.Assertions.assertThat(f.excludes(org.miked.api.MemberId.of("fd00:beef::7"))).isFalse();
        org.assertj.core.api.Assertions.assertThat(f.excludes(org.miked.api.MemberId.of("10.2.3.4"))).isTrue();
        org.assertj.core.api.Assertions.assertThat(AddressFilter.NONE.excludes(org.miked.api.MemberId.of("x"))).isFalse();
    }
}
