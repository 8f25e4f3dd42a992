package org.miked.sink.pfkey.internal;

import org.miked.kernel.KernelSocket;
import org.miked.kernel.Errno;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaSink;
import org.miked.api.sa.SaSinkFactory;
import org.miked.common.net.IpLiteral;
import org.miked.sink.pfkey.wire.PfKey;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code "pfkey"} SA sink: PF_KEY v2 (RFC 2367), the interface the paper names. {@link #open} opens
 * the socket, registers for ESP (SADB_REGISTER, which also subscribes to SADB_EXPIRE and returns the
 * algorithms the kernel supports) and adds and deletes a probe SA per address family, so that the sink
 * reports IPV4 / IPV6 only where ESP works (as the xfrm sink does); it fails with an {@link SaException} naming module {@code af_key} when
 * the kernel has no PF_KEY, and the privilege when the process lacks it.
 */
@Component(service = SaSinkFactory.class, property = SaSinkFactory.NAME_PROPERTY + "=" + PfKeySinkFactory.NAME)
public class PfKeySinkFactory implements SaSinkFactory {
    /** The sink's name. */
    public static final String NAME = "pfkey";
    private static final System.Logger LOG = System.getLogger("org.miked.sink.pfkey");
    /** Probe SPI: 'MK' and 0xfff0, between RFC 5737 / RFC 3849 documentation addresses nobody routes. */
    static final int PROBE_SPI = 0x4d4bfff0;

    @Override
    public String name() {
        return NAME;
    }

    static String explainSocket(KernelSocket.Failure e) {
        String why = switch (e.errno) {
            case Errno.EAFNOSUPPORT, Errno.EPROTONOSUPPORT -> "the kernel has no PF_KEY (CONFIG_NET_KEY; load module "
                    + "af_key, deprecated in Linux: the xfrm sink needs no extra module)";
            case Errno.EPERM, Errno.EACCES -> "not permitted: PF_KEY sockets need CAP_NET_ADMIN (run as root or grant "
                    + "the capability)";
            default -> "unexpected error";
        };
        return "pfkey sink unavailable: " + why + ": " + e.getMessage();
    }

    /**
     * Adds and deletes a probe ESP SA per address family (SADB_REGISTER succeeds without esp4 / esp6).
     *
     * @return ESP, EXPIRE_EVENTS, POLICIES, KERNEL and the families that have ESP
     * @throws SaException if neither family has ESP, or the process lacks privilege
     */
    static Set<SaCapability> probe(PfKeyChannel ch) throws SaException {
        Set<SaCapability> caps = EnumSet.of(SaCapability.ESP, SaCapability.EXPIRE_EVENTS, SaCapability.POLICIES,
                SaCapability.KERNEL);
        List<String> missing = new ArrayList<>();
        for (boolean v6 : new boolean[] {false, true}) {
            String outcome = probeFamily(ch, v6);
            if (outcome == null) {
                caps.add(v6 ? SaCapability.IPV6 : SaCapability.IPV4);
            } else {
                missing.add(outcome);
            }
        }
        if (!caps.contains(SaCapability.IPV4) && !caps.contains(SaCapability.IPV6)) {
            throw new SaException("pfkey sink unavailable: PF_KEY answers, but the kernel cannot install ESP SAs: "
                    + String.join("; ", missing));
        }
        for (String m : missing) {
            LOG.log(System.Logger.Level.WARNING, "pfkey sink: " + m);
        }
        return caps;
    }

    /** @return null if ESP works for the family, else why not */
    private static String probeFamily(PfKeyChannel ch, boolean v6) throws SaException {
        int family = v6 ? PfKey.AF_INET6 : PfKey.AF_INET;
        byte[] src = IpLiteral.parse(v6 ? "2001:db8::4d:1" : "192.0.2.77");
        byte[] dst = IpLiteral.parse(v6 ? "2001:db8::4d:2" : "192.0.2.78");
        int bits = v6 ? 128 : 32;
        PfKey.Address s = new PfKey.Address(PfKey.EXT_ADDRESS_SRC, PfKey.IPSEC_PROTO_ANY, bits, family, 0, src, 0, 0);
        PfKey.Address d = new PfKey.Address(PfKey.EXT_ADDRESS_DST, PfKey.IPSEC_PROTO_ANY, bits, family, 0, dst, 0, 0);
        PfKey.Message add = ch.request(new PfKey.Message(PfKey.SADB_ADD, 0, PfKey.SADB_SATYPE_ESP, ch.nextSeq(), ch.pid(),
                List.of(new PfKey.Sa(PROBE_SPI, 0, PfKey.SADB_SASTATE_MATURE, PfKey.SADB_AALG_SHA1HMAC,
                        PfKey.SADB_X_EALG_AESCBC, 0), new PfKey.Sa2(PfKey.IPSEC_MODE_TRANSPORT, 0, 0),
                        new PfKey.Lifetime(PfKey.EXT_LIFETIME_HARD, 0, 0, 60, 0), s, d,
                        new PfKey.Key(PfKey.EXT_KEY_AUTH, 160, new byte[20]),
                        new PfKey.Key(PfKey.EXT_KEY_ENCRYPT, 128, new byte[16]))));
        String fam = v6 ? "IPv6" : "IPv4";
        switch (add.errno()) {
            case 0 -> {
                ch.request(new PfKey.Message(PfKey.SADB_DELETE, 0, PfKey.SADB_SATYPE_ESP, ch.nextSeq(), ch.pid(), List.of(
                        new PfKey.Sa(PROBE_SPI, 0, 0, 0, 0, 0), s, d)));
                return null;
            }
            case Errno.EEXIST -> {
                return null; // another process's probe: ESP is there
            }
            case Errno.EPERM, Errno.EACCES -> throw new SaException("pfkey sink unavailable: SADB_ADD was refused with "
                    + Errno.name(add.errno()) + ": the daemon needs CAP_NET_ADMIN (run as root or grant the capability)");
            case Errno.ENOSYS, Errno.ENOENT -> {
                LOG.log(System.Logger.Level.WARNING, "pfkey probe (" + fam + "): ESP is there but cbc(aes)/hmac(sha1) "
                        + "is not; MSAs with other algorithms may still work");
                return null;
            }
            default -> {
                return "no ESP for " + fam + ": probe SADB_ADD refused with " + Errno.name(add.errno()) + " (load module "
                        + (v6 ? "esp6" : "esp4") + ")";
            }
        }
    }

    private static Set<Integer> ids(PfKey.Supported s) {
        Set<Integer> out = new java.util.TreeSet<>();
        if (s != null) {
            s.algs().forEach(a -> out.add(a.id()));
        }
        return out;
    }

    @Override
    public SaSink open(HostRuntime host, SaEventListener listener) throws SaException {
        PfKeySink[] sink = new PfKeySink[1];
        PfKeySocketChannel ch;
        try {
            ch = PfKeySocketChannel.open(m -> {
                PfKeySink s = sink[0];
                if (s != null) {
                    s.onExpire(m);
                }
            });
        } catch (KernelSocket.Failure e) {
            throw new SaException(explainSocket(e), e);
        } catch (LinkageError | RuntimeException e) {
            throw new SaException("pfkey sink: cannot call libc through jnr-ffi here (" + e + ")", e);
        }
        try {
            PfKey.Message reply = ch.request(new PfKey.Message(PfKey.SADB_REGISTER, 0, PfKey.SADB_SATYPE_ESP, ch.nextSeq(),
                    ch.pid(), List.of()));
            if (reply.errno() != 0) {
                throw new SaException("pfkey sink unavailable: SADB_REGISTER for ESP refused with "
                        + Errno.name(reply.errno()) + (reply.errno() == Errno.EPROTONOSUPPORT
                                ? " (the kernel lacks ESP: modules esp4 / esp6)" : ""));
            }
            PfKey.Supported enc = reply.ext(PfKey.Supported.class, PfKey.EXT_SUPPORTED_ENCRYPT);
            PfKey.Supported auth = reply.ext(PfKey.Supported.class, PfKey.EXT_SUPPORTED_AUTH);
            Set<Integer> encIds = ids(enc);
            Set<Integer> authIds = ids(auth);
            Set<SaCapability> caps = probe(ch);
            LOG.log(System.Logger.Level.INFO, "pfkey sink open: " + caps + "; the kernel offers encryption " + encIds
                    + " and authentication " + authIds + " (SADB ids)");
            sink[0] = new PfKeySink(ch, listener, caps, encIds, authIds);
            return sink[0];
        } catch (SaException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
