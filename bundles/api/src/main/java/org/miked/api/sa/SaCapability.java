package org.miked.api.sa;

/** What an SA sink can do (compare strongSwan's {@code get_features()}). */
public enum SaCapability {
    /** Installs ESP SAs. */
    ESP,
    /** Installs AH SAs. */
    AH,
    /** IPv4 addresses. */
    IPV4,
    /** IPv6 addresses. */
    IPV6,
    /** Reports lifetime expiry by itself (otherwise the GMF times lifetimes). */
    EXPIRE_EVENTS,
    /** Installs the policies that make traffic use the SAs. */
    POLICIES,
    /** Allocates SPIs (GETSPI / ALLOCSPI). */
    SPI_ALLOCATION,
    /** Keeps SAs in the kernel so unmodified applications are protected. */
    KERNEL
}
