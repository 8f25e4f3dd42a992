package org.miked.sink.xfrm.internal;

import org.miked.kernel.Errno;
import org.miked.kernel.EspProbe;
import org.miked.kernel.KernelSocket;

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
 * missing module or privilege otherwise. The open sink then removes what a SIGKILLed incarnation of this
 * daemon left in the kernel ({@link org.miked.kernel.KernelSaSink#sweepLeftovers}, from the SA ledger in the
 * host's state store), before any MSA is installed.
 */
@Component(service = SaSinkFactory.class, property = SaSinkFactory.NAME_PROPERTY + "=" + XfrmSinkFactory.NAME)
public class XfrmSinkFactory implements SaSinkFactory {
    /** The sink's name. */
    public static final String NAME = "xfrm";
    private static final System.Logger LOG = System.getLogger("org.miked.sink.xfrm");
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
            sink[0] = new XfrmSink(channel, listener, caps, host.stateStore());
            LOG.log(System.Logger.Level.INFO, "xfrm sink open: " + caps);
            sink[0].sweepLeftovers(); // before any install: what a killed incarnation left (logged per group)
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
     * Adds and deletes a probe ESP SA per address family ({@link EspProbe}).
     *
     * @return the capabilities found
     * @throws SaException if neither family has ESP, or the process lacks privilege
     */
    static Set<SaCapability> probe(XfrmChannel channel) throws SaException {
        return EspProbe.run(NAME, "XFRM netlink", "NEWSA", "cbc(aes)/hmac(sha256)", new EspProbe.Kernel() {
            @Override
            public EspProbe.Answer add(boolean v6, byte[] src, byte[] dst) throws SaException {
                int family = v6 ? Xfrm.AF_INET6 : Xfrm.AF_INET;
                int bits = v6 ? 128 : 32;
                Xfrm.Selector sel = new Xfrm.Selector(dst, src, 0, 0, 0, 0, family, bits, bits, 0, 0, 0);
                Xfrm.SaInfo info = new Xfrm.SaInfo(sel, dst, EspProbe.SPI, Xfrm.IPPROTO_ESP, src,
                        Xfrm.Lifetime.addExpires(0, 60), Xfrm.Current.ZERO, 0, 0, 0, 0, 0, family, Xfrm.MODE_TRANSPORT, 0, 0);
                List<Xfrm.Algo> algos = List.of(new Xfrm.Algo(XfrmCodec.XFRMA_ALG_CRYPT, "cbc(aes)", 128, 0, new byte[16]),
                        new Xfrm.Algo(XfrmCodec.XFRMA_ALG_AUTH_TRUNC, "hmac(sha256)", 256, 128, new byte[32]));
                int seq = channel.nextSeq();
                XfrmCodec.Message m = channel.request(XfrmCodec.newSa(XfrmCodec.XFRM_MSG_NEWSA,
                        REQ | XfrmCodec.NLM_F_CREATE | XfrmCodec.NLM_F_EXCL, seq, info, algos), seq);
                if (!(m instanceof XfrmCodec.Error err)) {
                    throw new SaException("xfrm probe: unexpected answer " + m);
                }
                return new EspProbe.Answer(err.errno(), err.text());
            }

            @Override
            public void delete(boolean v6, byte[] src, byte[] dst) throws SaException {
                int seq = channel.nextSeq();
                channel.request(XfrmCodec.delSa(REQ, seq, dst, EspProbe.SPI, v6 ? Xfrm.AF_INET6 : Xfrm.AF_INET,
                        Xfrm.IPPROTO_ESP, src), seq);
            }
        });
    }
}
