package org.miked.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaId;

class KeyBookTest {
    private static Msa msa(int spi, byte lastKeyByte, byte lastMacByte, Direction d) {
        byte[] enc = new byte[20];
        byte[] mac = new byte[32];
        enc[19] = lastKeyByte;
        mac[31] = lastMacByte;
        return new Msa(new SaId(spi, "ff3e::4d:1", IpsecProtocol.ESP), GroupId.of("g"), MemberId.of("s01"), 3,
                "fd00::1", 0, 0, "rfc4106(gcm(aes))", enc, "none", mac, 128, "none", 0, 3600, 3900, d);
    }

    /** An MSA under the packet's SPI with other keys does not decrypt: keys are compared byte by byte. */
    @Test
    void sameBytesSameTokenOneByteOffAnotherEvenUnderTheSameSpi() {
        KeyBook book = new KeyBook();
        Msa sent = msa(0x1234, (byte) 1, (byte) 2, Direction.OUTBOUND);
        assertThat(book.of(msa(0x1234, (byte) 1, (byte) 2, Direction.INBOUND))).isSameAs(book.of(sent));
        assertThat(book.of(msa(0x1234, (byte) 9, (byte) 2, Direction.INBOUND))).isNotSameAs(book.of(sent));
        assertThat(book.of(msa(0x1234, (byte) 1, (byte) 3, Direction.INBOUND))).isNotSameAs(book.of(sent));
        assertThat(book.of(sent)).isSameAs(book.of(sent));
    }
}
