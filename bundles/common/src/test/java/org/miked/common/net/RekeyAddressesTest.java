package org.miked.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The derived per-server rekey addresses: control address plus 1 + index in the last 32 bits. */
class RekeyAddressesTest {
    @Test
    void ipv4AddsOnePlusIndex() {
        assertThat(RekeyAddresses.derive("239.77.0.2", 3)).containsExactly("239.77.0.3", "239.77.0.4", "239.77.0.5");
        assertThat(RekeyAddresses.derive("239.77.0.254", 2)).containsExactly("239.77.0.255", "239.77.1.0");
    }

    @Test
    void ipv6KeepsTheUpper96Bits() {
        assertThat(RekeyAddresses.derive("ff3e::4d:2", 25)).startsWith("ff3e::4d:3", "ff3e::4d:4")
                .endsWith("ff3e::4d:1b").hasSize(25);
        assertThat(RekeyAddresses.derive("ff3e:0:0:0:1:0:fffe:ffff", 1)).containsExactly("ff3e::1:0:ffff:0");
    }

    @Test
    void refusesOverflowAndLeavingMulticast() {
        assertThatThrownBy(() -> RekeyAddresses.derive("ff3e::ffff:ffff", 1))
                .hasMessageContaining("overflows the last 32 bits");
        assertThatThrownBy(() -> RekeyAddresses.derive("239.255.255.255", 1))
                .hasMessageContaining("leaves the multicast range");
        assertThatThrownBy(() -> RekeyAddresses.derive("10.0.0.1", 1)).hasMessageContaining("not a multicast");
    }

    @Test
    void formatIsCanonicalAndParsesBack() {
        for (String s : new String[] {"::", "::1", "ff3e::4d:1b", "fd00:0:1::", "1:0:0:1::1", "2001:db8::1:0:0:1",
            "1:2:3:4:5:6:7:8", "1::4:0:0:7:8", "10.0.0.255"}) {
            assertThat(IpLiteral.format(IpLiteral.parse(s))).as(s).isEqualTo(s);
        }
        assertThat(IpLiteral.format(IpLiteral.parse("FF3E:0000::004D:0001"))).isEqualTo("ff3e::4d:1");
    }
}
