package org.miked.sink.pfkey.internal;

import org.miked.kernel.Errno;
import org.miked.kernel.EspProbe;
import org.miked.kernel.KernelSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaSink;
import org.miked.api.sa.SaSinkFactory;
import org.miked.sink.pfkey.wire.PfKey;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code "pfkey"} SA sink: PF_KEY v2 (RFC 2367), the interface the paper names. {@link #open} opens
 * the socket, registers for ESP (SADB_REGISTER, which also subscribes to SADB_EXPIRE and returns the
 * algorithms the kernel supports) and adds and deletes a probe SA per address family, so that the sink
 * reports IPV4 / IPV6 only where ESP works (as the xfrm sink does); it fails with an {@link SaException} naming module {@code af_key} when
 * the kernel has no PF_KEY, and the privilege when the process lacks it. The open sink then removes what a
 * SIGKILLed incarnation of this daemon left in the kernel ({@link org.miked.kernel.KernelSaSink#sweepLeftovers},
 * from the SA ledger in the host's state store), before any MSA is installed.
 */
@Component(service = SaSinkFactory.class, property = SaSinkFactory.NAME_PROPERTY + "=" + PfKeySinkFactory.NAME)
public class PfKeySinkFactory implements SaSinkFactory {
    /** The sink's name. */
    public static final String NAME = "pfkey";
    private static final System.Logger LOG = System.getLogger("org.miked.sink.pfkey");

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
     * Adds and deletes a probe ESP SA per address family ({@link EspProbe}; SADB_REGISTER succeeds without
     * esp4 / esp6).
     *
     * @return the capabilities found
     * @throws SaException if neither family has ESP, or the process lacks privilege
     */
    static Set<SaCapability> probe(PfKeyChannel ch) throws SaException {
        return EspProbe.run(NAME, "PF_KEY", "SADB_ADD", "cbc(aes)/hmac(sha1)", new EspProbe.Kernel() {
            @Override
            public EspProbe.Answer add(boolean v6, byte[] src, byte[] dst) throws SaException {
                List<PfKey.Ext> x = new ArrayList<>();
                x.add(new PfKey.Sa(EspProbe.SPI, 0, PfKey.SADB_SASTATE_MATURE, PfKey.SADB_AALG_SHA1HMAC,
                        PfKey.SADB_X_EALG_AESCBC, 0));
                x.add(new PfKey.Sa2(PfKey.IPSEC_MODE_TRANSPORT, 0, 0));
                // both lifetimes or none: af_key refuses an SA with only one of them with EINVAL (found in the
                // kernel-e2e VM: the probe with a hard lifetime alone made every family look ESP-less)
                x.add(new PfKey.Lifetime(PfKey.EXT_LIFETIME_HARD, 0, 0, 60, 0));
                x.add(new PfKey.Lifetime(PfKey.EXT_LIFETIME_SOFT, 0, 0, 50, 0));
                x.addAll(addresses(v6, src, dst));
                x.add(new PfKey.Key(PfKey.EXT_KEY_AUTH, 160, new byte[20]));
                x.add(new PfKey.Key(PfKey.EXT_KEY_ENCRYPT, 128, new byte[16]));
                return new EspProbe.Answer(ch.request(new PfKey.Message(PfKey.SADB_ADD, 0, PfKey.SADB_SATYPE_ESP,
                        ch.nextSeq(), ch.pid(), x)).errno(), "");
            }

            @Override
            public void delete(boolean v6, byte[] src, byte[] dst) throws SaException {
                List<PfKey.Ext> x = new ArrayList<>();
                x.add(new PfKey.Sa(EspProbe.SPI, 0, 0, 0, 0, 0));
                x.addAll(addresses(v6, src, dst));
                ch.request(new PfKey.Message(PfKey.SADB_DELETE, 0, PfKey.SADB_SATYPE_ESP, ch.nextSeq(), ch.pid(), x));
            }
        });
    }

    private static List<PfKey.Address> addresses(boolean v6, byte[] src, byte[] dst) {
        int family = v6 ? PfKey.AF_INET6 : PfKey.AF_INET;
        int bits = v6 ? 128 : 32;
        return List.of(new PfKey.Address(PfKey.EXT_ADDRESS_SRC, PfKey.IPSEC_PROTO_ANY, bits, family, 0, src, 0, 0),
                new PfKey.Address(PfKey.EXT_ADDRESS_DST, PfKey.IPSEC_PROTO_ANY, bits, family, 0, dst, 0, 0));
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
            sink[0] = new PfKeySink(ch, listener, caps, encIds, authIds, host.stateStore());
            sink[0].sweepLeftovers(); // before any install: what a killed incarnation left (logged per group)
            return sink[0];
        } catch (SaException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
