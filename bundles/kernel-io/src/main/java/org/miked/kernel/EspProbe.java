package org.miked.kernel;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaException;
import org.miked.common.net.IpLiteral;

/**
 * What both kernel sinks do at open to find out which address families have ESP (modules esp4 / esp6):
 * per family, add a probe SA between documentation addresses nobody routes (RFC 5737 / RFC 3849) and
 * delete it at once, and read the kernel's answer the same way.
 *
 * <pre>
 *   errno of the add   meaning                                         family
 *   0                  ESP works (the probe SA is deleted again)       supported
 *   EEXIST             another process's probe: ESP is there           supported
 *   ENOSYS, ENOENT     ESP is there, the probe's algorithms are not    supported (logged)
 *   EPERM, EACCES      no privilege                                    open fails: CAP_NET_ADMIN
 *   anything else      no ESP for the family                           not supported: "load module esp4/esp6"
 * </pre>
 *
 * Neither family supported: open fails with both reasons.
 */
public final class EspProbe {
    /** Probe SPI: 'MK' and 0xfff0. */
    public static final int SPI = 0x4d4bfff0;

    /** The kernel's answer to the probe's add. */
    public record Answer(int errno, String text) {
    }

    /** The sink's two probe requests. */
    public interface Kernel {
        /**
         * @param v6 which family
         * @param src probe source, 4 or 16 bytes
         * @param dst probe destination
         * @return the kernel's answer to adding an ESP SA with {@link #SPI} from src to dst
         * @throws SaException if the kernel's answer could not be had or read
         */
        Answer add(boolean v6, byte[] src, byte[] dst) throws SaException;

        /**
         * Deletes the probe SA again after a successful {@link #add}.
         *
         * @param v6 which family
         * @param src probe source
         * @param dst probe destination
         * @throws SaException if the request failed
         */
        void delete(boolean v6, byte[] src, byte[] dst) throws SaException;
    }

    private EspProbe() {
    }

    /**
     * @param sink the sink's name, for messages ({@code "xfrm"})
     * @param iface the kernel interface, for messages ({@code "XFRM netlink"})
     * @param request the add request's name, for messages ({@code "NEWSA"})
     * @param algorithms the probe's algorithms, for messages ({@code "cbc(aes)/hmac(sha256)"})
     * @param kernel the sink's probe requests
     * @return ESP, EXPIRE_EVENTS, POLICIES, KERNEL and the families that have ESP (never AH)
     * @throws SaException if neither family has ESP, or the process lacks privilege
     */
    public static Set<SaCapability> run(String sink, String iface, String request, String algorithms, Kernel kernel)
            throws SaException {
        System.Logger log = System.getLogger("org.miked.sink." + sink);
        Set<SaCapability> caps = EnumSet.of(SaCapability.ESP, SaCapability.EXPIRE_EVENTS, SaCapability.POLICIES,
                SaCapability.KERNEL);
        List<String> missing = new ArrayList<>();
        for (boolean v6 : new boolean[] {false, true}) {
            byte[] src = IpLiteral.parse(v6 ? "2001:db8::4d:1" : "192.0.2.77");
            byte[] dst = IpLiteral.parse(v6 ? "2001:db8::4d:2" : "192.0.2.78");
            String fam = v6 ? "IPv6" : "IPv4";
            Answer a = kernel.add(v6, src, dst);
            switch (a.errno()) {
                case 0 -> {
                    kernel.delete(v6, src, dst);
                    caps.add(v6 ? SaCapability.IPV6 : SaCapability.IPV4);
                }
                case Errno.EEXIST -> caps.add(v6 ? SaCapability.IPV6 : SaCapability.IPV4);
                case Errno.EPERM, Errno.EACCES -> throw new SaException(sink + " sink unavailable: adding an SA was "
                        + "refused with " + Errno.name(a.errno()) + ": the daemon needs CAP_NET_ADMIN (run as root or "
                        + "grant the capability)");
                case Errno.ENOSYS, Errno.ENOENT -> {
                    log.log(System.Logger.Level.WARNING, sink + " probe (" + fam + "): ESP is there but " + algorithms
                            + " is not" + (a.text().isEmpty() ? "" : " (" + a.text() + ")")
                            + "; MSAs with other algorithms may still work");
                    caps.add(v6 ? SaCapability.IPV6 : SaCapability.IPV4);
                }
                default -> missing.add("no ESP for " + fam + ": probe " + request + " refused with "
                        + Errno.name(a.errno()) + (a.text().isEmpty() ? "" : " '" + a.text() + "'") + " (load module "
                        + (v6 ? "esp6" : "esp4") + ")");
            }
        }
        if (!caps.contains(SaCapability.IPV4) && !caps.contains(SaCapability.IPV6)) {
            throw new SaException(sink + " sink unavailable: " + iface + " answers, but the kernel cannot install ESP "
                    + "SAs: " + String.join("; ", missing));
        }
        for (String m : missing) {
            log.log(System.Logger.Level.WARNING, sink + " sink: " + m);
        }
        return caps;
    }
}
