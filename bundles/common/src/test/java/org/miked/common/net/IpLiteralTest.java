package org.miked.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The literal parser agrees with the JDK on valid literals and rejects everything else without lookups. */
class IpLiteralTest {
    @ParameterizedTest
    @ValueSource(strings = { "0.0.0.0", "224.0.0.1", "239.255.255.255", "10.1.2.3", "::", "::1", "ff3e::4d:1",
        "fd00:dead::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "::ffff:10.0.0.1",
        "64:ff9b::192.0.2.33", "FF02:0:0:0:0:0:0:1" })
    void parsesLikeTheJdk(String literal) throws Exception {
        // InetAddress resolves nothing for these: each is a literal the JDK recognises
        assertThat(IpLiteral.parse(literal)).isEqualTo(expected(literal));
    }

    private static byte[] expected(String literal) throws Exception {
        byte[] jdk = InetAddress.getByName(literal).getAddress();
        if (jdk.length == 4 && literal.contains(":")) {
            // the JDK folds ::ffff:a.b.c.d into IPv4; we keep the IPv6 form
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xff;
            v6[11] = (byte) 0xff;
            System.arraycopy(jdk, 0, v6, 12, 4);
            return v6;
        }
        return jdk;
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "a.b.c.d", "host",
        "example.org", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", ":1", "1:",
        "1.2.3.4::", "::1.2.3", "fe80::1%eth0", "[::1]" })
    void rejectsWhatIsNotALiteral(String text) {
        assertThatThrownBy(() -> IpLiteral.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "224.0.0.0", "239.1.2.3", "ff02::1", "ff3e::4d:1" })
    void multicast(String a) {
        assertThat(IpLiteral.isMulticast(IpLiteral.parse(a))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "223.255.255.255", "240.0.0.0", "10.0.0.1", "fe80::1", "fd00::1", "::" })
    void notMulticast(String a) {
        assertThat(IpLiteral.isMulticast(IpLiteral.parse(a))).isFalse();
    }

    @org.junit.jupiter.api.Test
    void prefixesContainTheirAddressesOnly() {
        IpLiteral.Prefix p = IpLiteral.parsePrefix("fd00:dead::/32");
        assertThat(p.contains(IpLiteral.parse("fd00:dead:beef::1"))).isTrue();
        assertThat(p.contains(IpLiteral.parse("fd00:deae::1"))).isFalse();
        assertThat(p.contains(IpLiteral.parse("10.0.0.1"))).isFalse();
        assertThat(IpLiteral.parsePrefix("0.0.0.0/0").contains(IpLiteral.parse("192.0.2.1"))).isTrue();
        assertThat(IpLiteral.parsePrefix("10.1.2.3/32").contains(IpLiteral.parse("10.1.2.3"))).isTrue();
        assertThatThrownBy(() -> IpLiteral.parsePrefix("10.0.0.0/x")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> IpLiteral.parsePrefix("::/129")).hasMessageContaining("0..128");
    }
}
