package org.miked.sink.pfkey.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaException;
import org.miked.kernel.SaEndpoints;
import org.miked.sink.pfkey.wire.PfKey;

/**
 * How an {@link Msa} becomes PF_KEY messages: SADB_ADD of a transport-mode ESP SA, and
 * SADB_X_SPDUPDATE of the policy requiring ESP from the sender to the group. PF_KEY names algorithms by
 * number and cannot say how much of an HMAC to keep: Linux applies its own truncation per algorithm, so
 * an MSA whose ICV length differs from it is refused rather than installed with another ICV than the
 * group uses.
 */
final class PfKeyMapping {
    /** Linux's xfrm_algo.c: the ICV length it uses with each PF_KEY authentication algorithm. */
    static final Map<String, int[]> AUTH = Map.of( // name -> {sadb id, icv bits}
            "hmac(sha1)", new int[] {PfKey.SADB_AALG_SHA1HMAC, 96},
            "hmac(sha256)", new int[] {PfKey.SADB_X_AALG_SHA2_256HMAC, 96},
            "hmac(sha384)", new int[] {PfKey.SADB_X_AALG_SHA2_384HMAC, 192},
            "hmac(sha512)", new int[] {PfKey.SADB_X_AALG_SHA2_512HMAC, 256},
            "xcbc(aes)", new int[] {PfKey.SADB_X_AALG_AES_XCBC_MAC, 96});
    /** Replay windows above this are cut by Linux's af_key (32-bit bitmap). */
    static final int MAX_REPLAY = 32;

    private PfKeyMapping() {
    }

    /** @return {sadb encrypt id, sadb auth id} */
    static int[] algorithms(Msa msa) throws SaException {
        if (msa.id().protocol() != IpsecProtocol.ESP) {
            throw new SaException(msa.id() + ": the pfkey sink installs ESP only (AH+ESP needs a second SA)");
        }
        String enc = msa.encryption();
        int icv = msa.icvBits();
        int e = switch (enc) {
            case "rfc4106(gcm(aes))" -> icv == 64 ? PfKey.SADB_X_EALG_AES_GCM_ICV8 : icv == 96
                    ? PfKey.SADB_X_EALG_AES_GCM_ICV12 : icv == 128 ? PfKey.SADB_X_EALG_AES_GCM_ICV16 : -1;
            case "rfc4309(ccm(aes))" -> icv == 64 ? PfKey.SADB_X_EALG_AES_CCM_ICV8 : icv == 96
                    ? PfKey.SADB_X_EALG_AES_CCM_ICV12 : icv == 128 ? PfKey.SADB_X_EALG_AES_CCM_ICV16 : -1;
            case "cbc(aes)" -> PfKey.SADB_X_EALG_AESCBC;
            case "rfc3686(ctr(aes))" -> PfKey.SADB_X_EALG_AESCTR;
            case "ecb(cipher_null)" -> PfKey.SADB_EALG_NULL;
            default -> throw new SaException(msa.id() + ": PF_KEY has no algorithm number for '" + enc
                    + "'; use the xfrm sink");
        };
        boolean aead = enc.startsWith("rfc4106") || enc.startsWith("rfc4309");
        if (e < 0) {
            throw new SaException(msa.id() + ": " + enc + " ICV must be 64, 96 or 128 bits, got " + icv);
        }
        if (aead) {
            return new int[] {e, PfKey.SADB_AALG_NONE};
        }
        int[] a = AUTH.get(msa.integrity());
        if (a == null) {
            throw new SaException(msa.id() + ": PF_KEY has no algorithm number for integrity '" + msa.integrity() + "'");
        }
        if (a[1] != icv) {
            throw new SaException(msa.id() + ": with PF_KEY, Linux truncates " + msa.integrity() + " to " + a[1]
                    + " bits and the MSA says " + icv + " (RFC 4868 wants half the digest); PF_KEY cannot express "
                    + "the truncation: use the xfrm sink (XFRMA_ALG_AUTH_TRUNC) for this suite");
        }
        return new int[] {e, a[0]};
    }

    static PfKey.Address address(int type, InetAddress a, int family, int proto, int port) {
        return new PfKey.Address(type, proto, family == PfKey.AF_INET ? 32 : 128, family, port, a.getAddress(), 0, 0);
    }

    static int proto(Msa msa) {
        return msa.destinationPort() == 0 && msa.sourcePort() == 0 ? PfKey.IPSEC_PROTO_ANY : PfKey.IPPROTO_UDP;
    }

    static PfKey.Message add(int seq, int pid, Msa msa) throws SaException {
        SaEndpoints e = SaEndpoints.of(msa);
        int[] alg = algorithms(msa);
        List<PfKey.Ext> x = new ArrayList<>();
        x.add(new PfKey.Sa(msa.id().spi(), Math.min(MAX_REPLAY, Math.max(0, msa.replayWindow())),
                PfKey.SADB_SASTATE_MATURE, alg[1], alg[0], 0));
        // reqid 0: Linux matches an outbound template to SAs of the same reqid exactly, and af_key gives a
        // template at level REQUIRE reqid 0 (seen in the kernel-e2e VM: with the SA at another reqid every
        // packet waited for an ACQUIRE); among several SAs of one sender the newest wins, as a rekey wants
        x.add(new PfKey.Sa2(PfKey.IPSEC_MODE_TRANSPORT, 0, 0));
        x.add(new PfKey.Lifetime(PfKey.EXT_LIFETIME_HARD, 0, 0, msa.hardLifetimeS(), 0));
        x.add(new PfKey.Lifetime(PfKey.EXT_LIFETIME_SOFT, 0, 0, msa.softLifetimeS(), 0));
        x.add(address(PfKey.EXT_ADDRESS_SRC, e.src(), e.family(), proto(msa), msa.sourcePort()));
        x.add(address(PfKey.EXT_ADDRESS_DST, e.dst(), e.family(), proto(msa), msa.destinationPort()));
        byte[] ik = msa.integrityKey();
        if (alg[1] != PfKey.SADB_AALG_NONE) {
            x.add(new PfKey.Key(PfKey.EXT_KEY_AUTH, ik.length * 8, ik));
        }
        byte[] ek = msa.encryptionKey();
        if (ek.length > 0) {
            x.add(new PfKey.Key(PfKey.EXT_KEY_ENCRYPT, ek.length * 8, ek));
        }
        return new PfKey.Message(PfKey.SADB_ADD, 0, PfKey.SADB_SATYPE_ESP, seq, pid, x);
    }

    static PfKey.Message delete(int seq, int pid, Msa msa) throws SaException {
        SaEndpoints e = SaEndpoints.of(msa);
        return new PfKey.Message(PfKey.SADB_DELETE, 0, PfKey.SADB_SATYPE_ESP, seq, pid, List.of(
                new PfKey.Sa(msa.id().spi(), 0, 0, 0, 0, 0),
                address(PfKey.EXT_ADDRESS_SRC, e.src(), e.family(), PfKey.IPSEC_PROTO_ANY, 0),
                address(PfKey.EXT_ADDRESS_DST, e.dst(), e.family(), PfKey.IPSEC_PROTO_ANY, 0)));
    }

    static int dir(Msa msa) {
        return msa.direction() == Direction.OUTBOUND ? PfKey.IPSEC_DIR_OUTBOUND : PfKey.IPSEC_DIR_INBOUND;
    }

    static PfKey.Message spd(int type, int seq, int pid, Msa msa) throws SaException {
        SaEndpoints e = SaEndpoints.of(msa);
        List<PfKey.IpsecRequest> reqs = type == PfKey.SADB_X_SPDADD || type == PfKey.SADB_X_SPDUPDATE ? List.of(new PfKey.IpsecRequest(PfKey.IPPROTO_ESP,
                PfKey.IPSEC_MODE_TRANSPORT, PfKey.IPSEC_LEVEL_REQUIRE, 0)) : List.of();
        return new PfKey.Message(type, 0, PfKey.SADB_SATYPE_UNSPEC, seq, pid, List.of(
                address(PfKey.EXT_ADDRESS_SRC, e.src(), e.family(), proto(msa), msa.sourcePort()),
                address(PfKey.EXT_ADDRESS_DST, e.dst(), e.family(), proto(msa), msa.destinationPort()),
                new PfKey.Policy(PfKey.IPSEC_POLICY_IPSEC, dir(msa), 0, 0, reqs)));
    }
}
