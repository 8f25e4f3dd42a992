package org.miked.dispatcher.real.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import org.miked.common.net.IpLiteral;

/**
 * Chooses the interface that joins the groups and the local address the endpoints bind to, from the
 * settings and the current view of the host's interfaces (asked again at every call, so a change of
 * interfaces is seen at the next retry).
 */
final class InterfaceChooser {
    private final Settings settings;
    private final NetworkView net;

    InterfaceChooser(Settings settings, NetworkView net) {
        this.settings = settings;
        this.net = net;
    }

    /**
     * @param v6 the IP version
     * @return the configured interface (null if absent); unconfigured: the first up, multicast-capable,
     *     non-loopback interface with an address of that version, else loopback, else null
     * @throws IOException if the interfaces cannot be listed
     */
    NetworkInterface choose(boolean v6) throws IOException {
        if (!settings.interfaceName().isEmpty()) {
            return net.byName(settings.interfaceName());
        }
        NetworkInterface lo = null;
        for (NetworkInterface n : net.all()) {
            if (!net.isUp(n)) {
                continue;
            }
            if (n.isLoopback()) {
                lo = n;
            } else if (n.supportsMulticast() && n.inetAddresses().anyMatch(a -> (a instanceof Inet6Address) == v6)) {
                return n;
            }
        }
        return lo;
    }

    /**
     * @param nif an interface, or null
     * @return true if it is there and up
     * @throws IOException if the view cannot tell
     */
    boolean isUp(NetworkInterface nif) throws IOException {
        return nif != null && net.isUp(nif);
    }

    /**
     * @param nif the interface, or null
     * @return its name, or the configured name when there is no such interface
     */
    String nameOf(NetworkInterface nif) {
        return nif == null ? settings.interfaceName() : nif.getName();
    }

    /**
     * @param v6 the IP version
     * @param nif the chosen interface, or null
     * @return the configured bind address; else the interface's first address of that version (IPv6:
     *     global before link-local); else the wildcard
     * @throws IllegalArgumentException if the configured address is not a literal
     * @throws IOException if the interfaces cannot be listed
     */
    InetAddress bindAddress(boolean v6, NetworkInterface nif) throws IOException {
        String conf = v6 ? settings.bindAddress6() : settings.bindAddress4();
        if (!conf.isEmpty()) {
            return local(conf);
        }
        if (nif != null) {
            InetAddress linkLocal = null;
            for (InetAddress a : nif.inetAddresses().toList()) {
                if ((a instanceof Inet6Address) != v6) {
                    continue;
                }
                if (!a.isLinkLocalAddress()) {
                    return a;
                }
                linkLocal = a;
            }
            if (linkLocal != null) {
                return linkLocal;
            }
        }
        return IpLiteral.address(v6 ? "::" : "0.0.0.0");
    }

    /**
     * A local address literal, which unlike a policy's may carry an IPv6 zone ({@code fe80::1%eth0},
     * {@code fe80::1%2}): a link-local address means nothing without one. Never looks a name up.
     */
    private InetAddress local(String conf) throws IOException {
        int pct = conf.indexOf('%');
        if (pct < 0) {
            return IpLiteral.address(conf);
        }
        byte[] a = IpLiteral.parse(conf.substring(0, pct));
        String zone = conf.substring(pct + 1);
        if (a.length != 16 || zone.isEmpty()) {
            throw new IllegalArgumentException("'" + conf + "': only an IPv6 address takes a zone id");
        }
        if (zone.chars().allMatch(Character::isDigit)) {
            return Inet6Address.getByAddress(null, a, Integer.parseInt(zone));
        }
        NetworkInterface z = net.byName(zone);
        if (z == null) {
            throw new IllegalArgumentException("'" + conf + "': no interface " + zone);
        }
        return Inet6Address.getByAddress(null, a, z);
    }
}
