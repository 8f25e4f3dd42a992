package org.miked.sink.xfrm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaException;
import org.miked.kernel.SaEndpoints;
import org.miked.sink.xfrm.wire.Xfrm;
import org.miked.sink.xfrm.wire.XfrmCodec;

/**
 * How an {@link Msa} becomes XFRM structures: a transport-mode ESP SA whose selector is the sender's
 * address to the group address (UDP to the data port if the MSA names one), and a policy in the MSA's
 * direction that requires ESP for exactly that traffic. SA and policy share a reqid derived from source
 * and destination, so the kernel ties the policy's template to this sender's SAs, whatever their SPI
 * (a rekey installs a new SA under the same policy).
 */
final class MsaMapping {
    /** Encryption algorithms that are AEADs: they travel as XFRMA_ALG_AEAD with the ICV length. */
    static final Set<String> AEADS = Set.of("rfc4106(gcm(aes))", "rfc4309(ccm(aes))", "rfc7539esp(chacha20,poly1305)",
            "rfc4543(gcm(aes))");
    /** Policy priority: lower wins in Linux; below the usual 0x3000+ of IKE daemons, above the default. */
    static final int PRIORITY = 0x1000;

    private MsaMapping() {
    }

    static int reqid(SaEndpoints e) {
        int h = java.util.Arrays.hashCode(e.src().getAddress()) * 31 + java.util.Arrays.hashCode(e.dst().getAddress());
        return 0x4d000000 | (h & 0x00ffffff); // 'M' in the top byte: MIKED's reqids are recognisable
    }

    static Xfrm.Selector selector(Msa msa, SaEndpoints e) {
        int bits = e.family() == Xfrm.AF_INET ? 32 : 128;
        int port = msa.destinationPort();
        return new Xfrm.Selector(e.dst().getAddress(), e.src().getAddress(), port, port == 0 ? 0 : 0xffff,
                msa.sourcePort(), msa.sourcePort() == 0 ? 0 : 0xffff, e.family(), bits, bits,
                port == 0 && msa.sourcePort() == 0 ? 0 : Xfrm.IPPROTO_UDP, 0, 0);
    }

    static Xfrm.SaInfo saInfo(Msa msa, SaEndpoints e) throws SaException {
        if (msa.id().protocol() != IpsecProtocol.ESP) {
            throw new SaException(msa.id() + ": the xfrm sink installs ESP only; AH+ESP needs a second (AH) SA that"
                    + " it does not build yet");
        }
        int window = Math.min(255, Math.max(0, msa.replayWindow())); // more needs XFRMA_REPLAY_ESN_VAL
        return new Xfrm.SaInfo(selector(msa, e), e.dst().getAddress(), msa.id().spi(), Xfrm.IPPROTO_ESP,
                e.src().getAddress(), Xfrm.Lifetime.addExpires(msa.softLifetimeS(), msa.hardLifetimeS()),
                Xfrm.Current.ZERO, 0, 0, 0, 0, reqid(e), e.family(), Xfrm.MODE_TRANSPORT, window, 0);
    }

    static List<Xfrm.Algo> algos(Msa msa) throws SaException {
        List<Xfrm.Algo> out = new ArrayList<>();
        byte[] ek = msa.encryptionKey();
        if (AEADS.contains(msa.encryption())) {
            if (!"none".equals(msa.integrity())) {
                throw new SaException(msa.id() + ": " + msa.encryption() + " is an AEAD: integrity must be 'none'");
            }
            out.add(new Xfrm.Algo(XfrmCodec.XFRMA_ALG_AEAD, msa.encryption(), ek.length * 8, msa.icvBits(), ek));
            return out;
        }
        if ("none".equals(msa.integrity())) {
            throw new SaException(msa.id() + ": " + msa.encryption() + " without integrity is refused (RFC 8221)");
        }
        byte[] ik = msa.integrityKey();
        out.add(new Xfrm.Algo(XfrmCodec.XFRMA_ALG_CRYPT, msa.encryption(), ek.length * 8, 0, ek));
        out.add(new Xfrm.Algo(XfrmCodec.XFRMA_ALG_AUTH_TRUNC, msa.integrity(), ik.length * 8, msa.icvBits(), ik));
        return out;
    }

    static int dir(Msa msa) {
        return msa.direction() == Direction.OUTBOUND ? Xfrm.POLICY_OUT : Xfrm.POLICY_IN;
    }

    static Xfrm.PolicyInfo policy(Msa msa, SaEndpoints e) {
        return new Xfrm.PolicyInfo(selector(msa, e), Xfrm.Lifetime.NONE, Xfrm.Current.ZERO, PRIORITY, 0, dir(msa),
                Xfrm.POLICY_ALLOW, 0, 0);
    }

    static Xfrm.Template template(SaEndpoints e) {
        return new Xfrm.Template(e.dst().getAddress(), 0, Xfrm.IPPROTO_ESP, e.family(), e.src().getAddress(), reqid(e),
                Xfrm.MODE_TRANSPORT, 0, 0, -1, -1, -1);
    }
}
