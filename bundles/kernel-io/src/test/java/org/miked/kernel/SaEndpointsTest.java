package org.miked.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.SaException;

class SaEndpointsTest {
    @Test
    void literalsOfOneFamilyWithoutLookup() throws SaException {
        SaEndpoints v4 = SaEndpoints.of(KernelSaSinkTest.v4(0x1001, "10.0.0.1"));
        assertThat(v4.v6()).isFalse();
        assertThat(v4.family()).isEqualTo(SaEndpoints.AF_INET);
        assertThat(v4.dst().getAddress()).containsExactly(239, 1, 1, 1);
        SaEndpoints v6 = SaEndpoints.of(KernelSaSinkTest.msa(0x1002, "fd00::1", "ff3e::4d:1", Direction.INBOUND,
                IpsecProtocol.ESP));
        assertThat(v6.family()).isEqualTo(SaEndpoints.AF_INET6);
        assertThat(v6.src().getAddress()).hasSize(16);
    }

    @Test
    void refusalsNameTheMsaTheFieldAndWhy() {
        assertThatThrownBy(() -> SaEndpoints.of(KernelSaSinkTest.v4(0x1003, "10.0.0.300")))
                .hasMessageStartingWith("239.1.1.1/0x00001003/ESP: source '10.0.0.300' is not an IPv4 or IPv6 address "
                        + "literal: ");
        assertThatThrownBy(() -> SaEndpoints.of(KernelSaSinkTest.msa(0x1004, "10.0.0.1", "localhost", Direction.INBOUND,
                IpsecProtocol.ESP))).hasMessageContaining("destination 'localhost' is not an IPv4 or IPv6 address literal");
        assertThatThrownBy(() -> SaEndpoints.of(KernelSaSinkTest.v4(0x1005, "fd00::1")))
                .hasMessageContaining("different address families");
    }
}
