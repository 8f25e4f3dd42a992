package org.miked.sink.pfkey.internal;

import org.miked.kernel.KernelSocket;
import org.miked.kernel.Errno;

import java.util.EnumSet;
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
 * the socket and registers for ESP (SADB_REGISTER, which also subscribes to SADB_EXPIRE and returns the
 * algorithms the kernel supports); it fails with an {@link SaException} naming module {@code af_key} when
 * the kernel has no PF_KEY, and the privilege when the process lacks it.
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
            Set<SaCapability> caps = EnumSet.of(SaCapability.ESP, SaCapability.IPV4, SaCapability.IPV6,
                    SaCapability.EXPIRE_EVENTS, SaCapability.POLICIES, SaCapability.KERNEL);
            Set<Integer> encIds = ids(enc);
            Set<Integer> authIds = ids(auth);
            LOG.log(System.Logger.Level.INFO, "pfkey sink open; the kernel offers encryption " + encIds
                    + " and authentication " + authIds + " (SADB ids)");
            sink[0] = new PfKeySink(ch, listener, caps, encIds, authIds);
            return sink[0];
        } catch (SaException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
