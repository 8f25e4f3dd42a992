package org.miked.api.sa;

/**
 * What an SA sink can do (compare strongSwan's {@code get_features()}), as {@link SaSink#capabilities()}
 * reports it: a kernel sink reports what its probe at open found, not what it could do elsewhere.
 *
 * <p>Before it installs an MSA the GMF checks {@link #ESP} (and {@link #AH} as well for
 * {@link IpsecProtocol#AH_ESP}), per the suite's protocol, and {@link #IPV4} or {@link #IPV6}, per the
 * address family of the group's data address; it does not hand a sink an MSA that needs a capability the
 * sink lacks. The others describe the sink and are not checked; a sink still refuses (with
 * {@link SaException}) whatever it cannot install.
 */
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
