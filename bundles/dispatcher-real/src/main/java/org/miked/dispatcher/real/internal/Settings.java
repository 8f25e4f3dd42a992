package org.miked.dispatcher.real.internal;

/**
 * The real dispatcher's settings (from Config Admin PID {@code org.miked.dispatcher.real}, see
 * {@link RealDispatcherConfig}).
 *
 * @param interfaceName network interface that joins the groups' control multicast addresses; empty: the
 *     first interface that is up, multicast-capable and not loopback (loopback if there is none)
 * @param family which IP versions groups may use: {@code any}, {@code ipv4} or {@code ipv6}
 * @param bindAddress4 local IPv4 unicast address for sending and unicast reception; empty: the interface's
 *     first IPv4 address
 * @param bindAddress6 local IPv6 address; empty: the interface's first global IPv6 address, else its
 *     link-local one
 * @param multicastHops IP TTL / IPv6 hop limit of multicast sent (0 keeps it on this host)
 * @param loopback deliver our multicast to other daemons on this host (our own copies are dropped)
 * @param retryIntervalMillis how often a group whose socket or interface failed is re-opened
 * @param sendQueueLimit datagrams waiting for the event loop before {@code send} refuses more
 * @param maxLearnedPeers unicast addresses kept that were learned from the sources of authenticated datagrams
 */
record Settings(String interfaceName, String family, String bindAddress4, String bindAddress6, int multicastHops,
        boolean loopback, long retryIntervalMillis, int sendQueueLimit, int maxLearnedPeers) {

    Settings {
        family = family == null || family.isBlank() ? "any" : family.trim().toLowerCase(java.util.Locale.ROOT);
        if (!family.equals("any") && !family.equals("ipv4") && !family.equals("ipv6")) {
            throw new IllegalArgumentException("family must be any, ipv4 or ipv6, got '" + family + "'");
        }
        interfaceName = interfaceName == null ? "" : interfaceName.trim();
        bindAddress4 = bindAddress4 == null ? "" : bindAddress4.trim();
        bindAddress6 = bindAddress6 == null ? "" : bindAddress6.trim();
        if (multicastHops < 0 || multicastHops > 255) {
            throw new IllegalArgumentException("multicastHops must be 0..255, got " + multicastHops);
        }
        if (retryIntervalMillis < 10) {
            throw new IllegalArgumentException("retryIntervalMillis must be >= 10, got " + retryIntervalMillis);
        }
        if (sendQueueLimit < 1 || maxLearnedPeers < 1) {
            throw new IllegalArgumentException("sendQueueLimit and maxLearnedPeers must be positive");
        }
    }

    /** Defaults: any interface and family, 16 hops, loopback on, retry every 5 s. */
    static Settings defaults() {
        return new Settings("", "any", "", "", 16, true, 5000, 4096, 100_000);
    }

    static Settings of(RealDispatcherConfig c) {
        return new Settings(c.interfaceName(), c.family(), c.bindAddress4(), c.bindAddress6(), c.multicastHops(),
                c.loopback(), c.retryIntervalMillis(), c.sendQueueLimit(), c.maxLearnedPeers());
    }

    Settings withInterface(String name, String bind4, String bind6) {
        return new Settings(name, family, bind4, bind6, multicastHops, loopback, retryIntervalMillis, sendQueueLimit,
                maxLearnedPeers);
    }

    Settings withHops(int hops) {
        return new Settings(interfaceName, family, bindAddress4, bindAddress6, hops, loopback, retryIntervalMillis,
                sendQueueLimit, maxLearnedPeers);
    }

    Settings withRetry(long millis) {
        return new Settings(interfaceName, family, bindAddress4, bindAddress6, multicastHops, loopback, millis,
                sendQueueLimit, maxLearnedPeers);
    }

    Settings withFamily(String f) {
        return new Settings(interfaceName, f, bindAddress4, bindAddress6, multicastHops, loopback, retryIntervalMillis,
                sendQueueLimit, maxLearnedPeers);
    }
}
