package org.miked.sink.xfrm.internal;

import org.miked.kernel.KernelSocket;
import org.miked.kernel.Errno;

import java.net.InetAddress;
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
import org.miked.sink.xfrm.wire.Xfrm;
import org.miked.sink.xfrm.wire.XfrmCodec;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code "xfrm"} SA sink: the Linux kernel's SAD and SPD through XFRM netlink, the interface Linux
 * keeps (PF_KEY is deprecated there). {@link #open} checks, before any MSA depends on it, that the kernel
 * has XFRM netlink, that this process may use it, and that ESP exists for IPv4 and/or IPv6 (by adding and
 * removing a probe SA between documentation addresses), and fails with an {@link SaException} naming the
 * missing module or privilege otherwise.
 */
@Component(service = SaSinkFactory.class, property = SaSinkFactory.NAME_PROPERTY + "=" + XfrmSinkFactory.NAME)
public class XfrmSinkFactory implements SaSinkFactory {
    /** The sink's name. */
    public static final String NAME = "xfrm";
    private static final System.Logger LOG = System.getLogger("org.miked.sink.xfrm");
    /** Probe SPI: 'MK' and 0xfff0, between RFC 5737 / RFC 3849 documentation addresses nobody routes. */
    static final int PROBE_SPI = 0x4d4bfff0;
    private static final int REQ = XfrmCodec.NLM_F_REQUEST | XfrmCodec.NLM_F_ACK;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SaSink open(HostRuntime host, SaEventListener listener) throws SaException {
        XfrmSink[] sink = new XfrmSink[1];
        NetlinkXfrmChannel channel;
        try {
            channel = NetlinkXfrmChannel.open(e -> {
                XfrmSink s = sink[0];
                if (s != null) {
                    s.onExpire(e);
                }
            });
        } catch (KernelSocket.Failure e) {
            throw new SaException(explainSocket(e), e);
        } catch (LinkageError | RuntimeException e) {
            throw new SaException("xfrm sink: cannot call libc through jnr-ffi here (" + e + ")", e);
        }
        try {
            Set<SaCapability> caps = probe(channel);
            sink[0] = new XfrmSink(channel, listener, caps);
            LOG.log(System.Logger.Level.INFO, "xfrm sink open: " + caps);
            return sink[0];
        } catch (SaException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static String explainSocket(KernelSocket.Failure e) {
        String why = switch (e.errno) {
            case Errno.EPROTONOSUPPORT, Errno.EAFNOSUPPORT -> "the kernel has no XFRM netlink (CONFIG_XFRM_USER; "
                    + "load module xfrm_user)";
            case Errno.EPERM, Errno.EACCES -> "not permitted: the daemon needs CAP_NET_ADMIN (run as root or grant the "
                    + "capability)";
            default -> "unexpected error";
        };
        return "xfrm sink unavailable: " + why + ": " + e.getMessage();
    }

    /**
     * Adds and deletes a probe ESP SA per address family.
     *
     * @return the capabilities found
     * @throws SaException if neither family has ESP, or the process lacks privilege
     */
    static Set<SaCapability> probe(XfrmChannel channel) throws SaException {
        Set<SaCapability> caps = EnumSet.of(SaCapability.ESP, SaCapability.EXPIRE_EVENTS, SaCapability.POLICIES,
                SaCapability.KERNEL);
        List<String> missing = new ArrayList<>();
        for (boolean v6 : new boolean[] {false, true}) {
            String outcome = probeFamily(channel, v6);
            if (outcome == null) {
                caps.add(v6 ? SaCapability.IPV6 : SaCapability.IPV4);
            } else {
                missing.add(outcome);
            }
        }
        if (!caps.contains(SaCapability.IPV4) && !caps.contains(SaCapability.IPV6)) {
            throw new SaException("xfrm sink unavailable: XFRM netlink answers, but the kernel cannot install ESP SAs: "
                    + String.join("; ", missing));
        }
        for (String m : missing) {
            LOG.log(System.Logger.Level.WARNING, "xfrm sink: " + m);
        }
        return caps;
    }

    /** @return null if ESP works for the family, else why not */
    private static String probeFamily(XfrmChannel channel, boolean v6) throws SaException {
        byte[] src;
        byte[] dst;
        try {
            src = InetAddress.getByName(v6 ? "2001:db8::4d:1" : "192.0.2.77").getAddress();
            dst = InetAddress.getByName(v6 ? "2001:db8::4d:2" : "192.0.2.78").getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        int family = v6 ? Xfrm.AF_INET6 : Xfrm.AF_INET;
        int bits = v6 ? 128 : 32;
        Xfrm.Selector sel = new Xfrm.Selector(dst, src, 0, 0, 0, 0, family, bits, bits, 0, 0, 0);
        Xfrm.SaInfo info = new Xfrm.SaInfo(sel, dst, PROBE_SPI, Xfrm.IPPROTO_ESP, src, Xfrm.Lifetime.addExpires(0, 60),
                Xfrm.Current.ZERO, 0, 0, 0, 0, 0, family, Xfrm.MODE_TRANSPORT, 0, 0);
        List<Xfrm.Algo> algos = List.of(new Xfrm.Algo(XfrmCodec.XFRMA_ALG_CRYPT, "cbc(aes)", 128, 0, new byte[16]),
                new Xfrm.Algo(XfrmCodec.XFRMA_ALG_AUTH_TRUNC, "hmac(sha256)", 256, 128, new byte[32]));
        int seq = channel.nextSeq();
        XfrmCodec.Message m = channel.request(XfrmCodec.newSa(XfrmCodec.XFRM_MSG_NEWSA,
                REQ | XfrmCodec.NLM_F_CREATE | XfrmCodec.NLM_F_EXCL, seq, info, algos), seq);
        String fam = v6 ? "IPv6" : "IPv4";
        String module = v6 ? "esp6" : "esp4";
        if (!(m instanceof XfrmCodec.Error err)) {
            throw new SaException("xfrm probe: unexpected answer " + m);
        }
        switch (err.errno()) {
            case 0 -> {
                int dseq = channel.nextSeq();
                channel.request(XfrmCodec.delSa(REQ, dseq, dst, PROBE_SPI, family, Xfrm.IPPROTO_ESP, src), dseq);
                return null;
            }
            case Errno.EEXIST -> {
                return null; // another process's probe: ESP is there
            }
            case Errno.EPERM, Errno.EACCES -> throw new SaException("xfrm sink unavailable: adding an SA was refused with "
                    + Errno.name(err.errno()) + ": the daemon needs CAP_NET_ADMIN (run as root or grant the capability)");
            case Errno.ENOSYS, Errno.ENOENT -> {
                LOG.log(System.Logger.Level.WARNING, "xfrm probe (" + fam + "): ESP is there but cbc(aes)/hmac(sha256) "
                        + "is not (" + err.text() + "); MSAs with other algorithms may still work");
                return null;
            }
            default -> {
                return "no ESP for " + fam + ": probe NEWSA refused with " + Errno.name(err.errno())
                        + (err.text().isEmpty() ? "" : " '" + err.text() + "'") + " (load module " + module + ")";
            }
        }
    }
}
