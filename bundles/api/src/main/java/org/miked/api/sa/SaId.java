package org.miked.api.sa;

import java.util.Objects;

/**
 * What identifies an MSA in a kernel SAD: SPI, destination (multicast) address and protocol
 * (the paper's tuple without the source, which Linux does not use for inbound lookup).
 *
 * @param spi security parameter index (0..255 are reserved and never used)
 * @param destination multicast destination address
 * @param protocol IPsec protocol
 */
public record SaId(int spi, String destination, IpsecProtocol protocol) {
    public SaId {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        if (Integer.compareUnsigned(spi, 256) < 0) {
            throw new IllegalArgumentException("SPI " + spi + " is reserved (0..255)");
        }
    }

    @Override
    public String toString() {
        return String.format("%s/0x%08x/%s", destination, spi, protocol);
    }
}
