package org.miked.sink.xfrm.wire;

import org.miked.kernel.wire.HostReader;
import org.miked.kernel.wire.HostWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.miked.common.wire.DecodeException;
import org.miked.sink.xfrm.wire.Xfrm.Algo;
import org.miked.sink.xfrm.wire.Xfrm.PolicyInfo;
import org.miked.sink.xfrm.wire.Xfrm.SaInfo;
import org.miked.sink.xfrm.wire.Xfrm.Selector;
import org.miked.sink.xfrm.wire.Xfrm.Template;

/**
 * XFRM netlink messages ({@code NETLINK_XFRM}): the requests MIKED sends and the replies and
 * notifications the kernel sends back. Every message starts with a netlink header; attributes follow
 * the fixed structure, each 4-byte aligned.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 nlmsg_len (host order, incl. header)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          nlmsg_type           |          nlmsg_flags          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           nlmsg_seq                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           nlmsg_pid                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  fixed structure: xfrm_usersa_info (NEWSA, UPDSA), xfrm_usersa_id
 * |  (DELSA), xfrm_userspi_info (ALLOCSPI), xfrm_userpolicy_info
 * |  (NEWPOLICY, UPDPOLICY), xfrm_userpolicy_id (DELPOLICY),
 * |  xfrm_user_expire (EXPIRE), nlmsgerr (NLMSG_ERROR)           ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        nla_len                |        nla_type               |  attributes, padded to 4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  payload (xfrm_algo*, xfrm_user_tmpl[], xfrm_address_t) ...   ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * struct xfrm_usersa_id (24):  0 daddr(16)  16 __be32 spi  20 __u16 family  22 __u8 proto, 1 pad
 * struct xfrm_userspi_info (232): 0 xfrm_usersa_info  224 __u32 min  228 __u32 max
 * struct xfrm_userpolicy_id (64): 0 xfrm_selector  56 __u32 index  60 __u8 dir, 3 pad
 * struct xfrm_user_expire (232): 0 xfrm_usersa_info  224 __u8 hard, 7 pad
 * struct nlmsgerr: 0 int error (-errno, 0 = ACK)  4 struct nlmsghdr of the request [+ its payload
 *   unless NLM_F_CAPPED] [+ extended-ACK attributes if NLM_F_ACK_TLVS: 1 = message string]
 * </pre>
 */
public final class XfrmCodec {
    public static final int NLMSG_HDRLEN = 16;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    /** In an NLMSG_ERROR: the request's payload is not echoed. */
    public static final int NLM_F_CAPPED = 0x100;
    /** In an NLMSG_ERROR: extended-ACK attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    public static final int XFRM_MSG_NEWSA = 0x10;
    public static final int XFRM_MSG_DELSA = 0x11;
    public static final int XFRM_MSG_GETSA = 0x12;
    public static final int XFRM_MSG_NEWPOLICY = 0x13;
    public static final int XFRM_MSG_DELPOLICY = 0x14;
    public static final int XFRM_MSG_GETPOLICY = 0x15;
    public static final int XFRM_MSG_ALLOCSPI = 0x16;
    public static final int XFRM_MSG_ACQUIRE = 0x17;
    public static final int XFRM_MSG_EXPIRE = 0x18;
    public static final int XFRM_MSG_UPDPOLICY = 0x19;
    public static final int XFRM_MSG_UPDSA = 0x1a;
    public static final int XFRM_MSG_POLEXPIRE = 0x1b;
    public static final int XFRM_MSG_FLUSHSA = 0x1c;

    public static final int XFRMA_ALG_AUTH = 1;
    public static final int XFRMA_ALG_CRYPT = 2;
    public static final int XFRMA_TMPL = 5;
    public static final int XFRMA_SRCADDR = 13;
    public static final int XFRMA_ALG_AEAD = 18;
    public static final int XFRMA_ALG_AUTH_TRUNC = 20;

    /** Multicast group bit of expire notifications ({@code XFRMGRP_EXPIRE}). */
    public static final int XFRMGRP_EXPIRE = 2;

    private static final int NLMSGERR_ATTR_MSG = 1;

    private XfrmCodec() {
    }

    // ------------------------------------------------------------------ requests

    private static HostWriter header(int type, int flags, int seq, int pid) {
        return new HostWriter().u16(4, type).u16(6, flags).i32(8, seq).i32(12, pid);
    }

    private static byte[] finish(HostWriter w) {
        w.i32(0, w.size());
        return w.toByteArray();
    }

    /** Appends an attribute at the writer's end, padded to 4 bytes. */
    private static void attr(HostWriter w, int type, byte[] payload) {
        int o = w.size();
        w.u16(o, 4 + payload.length).u16(o + 2, type).bytes(o + 4, payload).zeroTo(o + align4(4 + payload.length));
    }

    static int align4(int n) {
        return (n + 3) & ~3;
    }

    /**
     * XFRM_MSG_NEWSA (or UPDSA): adds (or replaces) an SA.
     *
     * @param type XFRM_MSG_NEWSA or XFRM_MSG_UPDSA
     * @param flags netlink flags (NLM_F_REQUEST | NLM_F_ACK, plus NLM_F_CREATE | NLM_F_EXCL if wanted)
     * @param seq sequence number
     * @param info the SA
     * @param algos algorithm attributes, in order
     * @return the message
     */
    public static byte[] newSa(int type, int flags, int seq, SaInfo info, List<Algo> algos) {
        HostWriter w = header(type, flags, seq, 0);
        info.write(w, NLMSG_HDRLEN);
        for (Algo a : algos) {
            attr(w, a.attrType(), a.encode());
        }
        return finish(w);
    }

    /**
     * XFRM_MSG_DELSA: deletes the SA with this destination, SPI and protocol.
     *
     * @param flags netlink flags
     * @param seq sequence number
     * @param daddr destination (4 or 16 bytes)
     * @param spi SPI
     * @param family address family
     * @param proto IPPROTO_ESP or IPPROTO_AH
     * @param saddr source for an XFRMA_SRCADDR attribute, or null
     * @return the message
     */
    public static byte[] delSa(int flags, int seq, byte[] daddr, int spi, int family, int proto, byte[] saddr) {
        return saId(XFRM_MSG_DELSA, flags, seq, daddr, spi, family, proto, saddr);
    }

    /**
     * XFRM_MSG_GETSA: asks for one SA by (destination, SPI, protocol); the kernel answers with an
     * XFRM_MSG_NEWSA carrying it ({@link Sa}, with its keys) or an error (ESRCH: none).
     *
     * @param flags netlink flags (NLM_F_REQUEST; without NLM_F_ACK, or an ACK follows the answer)
     * @param seq sequence number
     * @param daddr destination (4 or 16 bytes)
     * @param spi SPI
     * @param family address family
     * @param proto IPPROTO_ESP or IPPROTO_AH
     * @return the message
     */
    public static byte[] getSa(int flags, int seq, byte[] daddr, int spi, int family, int proto) {
        return saId(XFRM_MSG_GETSA, flags, seq, daddr, spi, family, proto, null);
    }

    private static byte[] saId(int type, int flags, int seq, byte[] daddr, int spi, int family, int proto, byte[] saddr) {
        HostWriter w = header(type, flags, seq, 0);
        int o = NLMSG_HDRLEN;
        w.bytes(o, Xfrm.addr16(daddr)).be32(o + 16, spi).u16(o + 20, family).u8(o + 22, proto).zeroTo(o + 24);
        if (saddr != null) {
            attr(w, XFRMA_SRCADDR, Xfrm.addr16(saddr));
        }
        return finish(w);
    }

    /**
     * XFRM_MSG_ALLOCSPI: asks the kernel for an unused SPI in [min, max] (it answers with a NEWSA that
     * carries a larval SA holding the SPI).
     */
    public static byte[] allocSpi(int flags, int seq, SaInfo info, int min, int max) {
        HostWriter w = header(XFRM_MSG_ALLOCSPI, flags, seq, 0);
        info.write(w, NLMSG_HDRLEN);
        w.i32(NLMSG_HDRLEN + 224, min).i32(NLMSG_HDRLEN + 228, max);
        return finish(w);
    }

    /**
     * XFRM_MSG_NEWPOLICY (or UPDPOLICY, which creates or replaces).
     *
     * @param type XFRM_MSG_NEWPOLICY or XFRM_MSG_UPDPOLICY
     * @param flags netlink flags
     * @param seq sequence number
     * @param info the policy
     * @param templates the SAs it requires (one XFRMA_TMPL attribute holding them all)
     * @return the message
     */
    public static byte[] newPolicy(int type, int flags, int seq, PolicyInfo info, List<Template> templates) {
        HostWriter w = header(type, flags, seq, 0);
        info.write(w, NLMSG_HDRLEN);
        if (!templates.isEmpty()) {
            HostWriter t = new HostWriter();
            for (int i = 0; i < templates.size(); i++) {
                templates.get(i).write(t, i * Xfrm.USER_TMPL_SIZE);
            }
            attr(w, XFRMA_TMPL, t.zeroTo(templates.size() * Xfrm.USER_TMPL_SIZE).toByteArray());
        }
        return finish(w);
    }

    /** XFRM_MSG_DELPOLICY by selector and direction (index 0). */
    public static byte[] delPolicy(int flags, int seq, Selector sel, int index, int dir) {
        return policyId(XFRM_MSG_DELPOLICY, flags, seq, sel, index, dir);
    }

    /**
     * XFRM_MSG_GETPOLICY by selector and direction (index 0): the kernel answers with an XFRM_MSG_NEWPOLICY
     * ({@link Policy}, with its templates) or an error (ENOENT: none).
     */
    public static byte[] getPolicy(int flags, int seq, Selector sel, int index, int dir) {
        return policyId(XFRM_MSG_GETPOLICY, flags, seq, sel, index, dir);
    }

    private static byte[] policyId(int type, int flags, int seq, Selector sel, int index, int dir) {
        HostWriter w = header(type, flags, seq, 0);
        sel.write(w, NLMSG_HDRLEN);
        w.i32(NLMSG_HDRLEN + 56, index).u8(NLMSG_HDRLEN + 60, dir).zeroTo(NLMSG_HDRLEN + 64);
        return finish(w);
    }

    // ------------------------------------------------------------------ replies and notifications

    /** A message from the kernel. */
    public sealed interface Message {
        /** @return the netlink sequence number (0 in notifications) */
        int seq();
    }

    /**
     * NLMSG_ERROR: an ACK ({@code errno == 0}) or a refusal.
     *
     * @param seq sequence of the request
     * @param errno positive errno, 0 for an ACK
     * @param requestType type of the request it answers
     * @param text the kernel's extended-ACK message, or empty
     */
    public record Error(int seq, int errno, int requestType, String text) implements Message {
    }

    /** NLMSG_DONE. */
    public record Done(int seq) implements Message {
    }

    /**
     * XFRM_MSG_NEWSA / UPDSA from the kernel (the answer to ALLOCSPI, or a GETSA/dump entry).
     *
     * @param seq sequence
     * @param info the SA
     * @param algos its algorithm attributes
     */
    public record Sa(int seq, SaInfo info, List<Algo> algos) implements Message {
    }

    /**
     * XFRM_MSG_EXPIRE: an SA reached its soft or hard limit.
     *
     * @param seq sequence (0)
     * @param info the SA
     * @param hard true for the hard limit (the kernel deleted it)
     */
    public record Expire(int seq, SaInfo info, boolean hard) implements Message {
    }

    /**
     * XFRM_MSG_NEWPOLICY / UPDPOLICY from the kernel (the answer to GETPOLICY).
     *
     * @param seq sequence
     * @param info the policy
     * @param templates its templates (XFRMA_TMPL)
     */
    public record Policy(int seq, PolicyInfo info, List<Template> templates) implements Message {
        public Policy {
            templates = List.copyOf(templates);
        }
    }

    /** Any other message type (ACQUIRE, POLEXPIRE, ...): recognised and skipped. */
    public record Other(int seq, int type) implements Message {
    }

    /**
     * Decodes every netlink message in a datagram from the kernel.
     *
     * @param buf bytes received
     * @param len how many are valid
     * @return the messages, in order
     * @throws DecodeException naming the field if a length or structure is inconsistent
     */
    public static List<Message> decode(byte[] buf, int len) throws DecodeException {
        List<Message> out = new ArrayList<>();
        int off = 0;
        while (off < len) {
            if (len - off < NLMSG_HDRLEN) {
                throw new DecodeException("nlmsghdr: " + (len - off) + " trailing bytes are shorter than a header");
            }
            HostReader h = new HostReader(buf, off, len - off);
            int mlen = h.i32(0, "nlmsg_len");
            if (mlen < NLMSG_HDRLEN || mlen > len - off) {
                throw new DecodeException("nlmsg_len: " + Integer.toUnsignedString(mlen) + " is outside "
                        + NLMSG_HDRLEN + ".." + (len - off));
            }
            int type = h.u16(4, "nlmsg_type");
            int flags = h.u16(6, "nlmsg_flags");
            int seq = h.i32(8, "nlmsg_seq");
            HostReader body = h.slice(NLMSG_HDRLEN, mlen - NLMSG_HDRLEN, "payload");
            out.add(message(type, flags, seq, body));
            off += align4(mlen);
        }
        return out;
    }

    private static Message message(int type, int flags, int seq, HostReader b) throws DecodeException {
        switch (type) {
            case NLMSG_ERROR:
                return error(flags, seq, b);
            case NLMSG_DONE:
                return new Done(seq);
            case XFRM_MSG_NEWSA:
            case XFRM_MSG_UPDSA:
                return new Sa(seq, SaInfo.read(b, 0), algos(b, Xfrm.USERSA_INFO_SIZE));
            case XFRM_MSG_NEWPOLICY:
            case XFRM_MSG_UPDPOLICY: {
                Map.Entry<PolicyInfo, List<Template>> p = policy(b);
                return new Policy(seq, p.getKey(), p.getValue());
            }
            case XFRM_MSG_EXPIRE: {
                SaInfo info = SaInfo.read(b, 0);
                int hard = b.u8(Xfrm.USERSA_INFO_SIZE, "xfrm_user_expire.hard");
                if (hard > 1) {
                    throw new DecodeException("xfrm_user_expire.hard: " + hard + " is not 0 or 1");
                }
                return new Expire(seq, info, hard == 1);
            }
            default:
                return new Other(seq, type);
        }
    }

    /** Largest errno Linux returns ({@code MAX_ERRNO} in include/linux/err.h). */
    static final int MAX_ERRNO = 4095;

    private static Error error(int flags, int seq, HostReader b) throws DecodeException {
        int err = b.i32(0, "nlmsgerr.error");
        if (err > 0) {
            throw new DecodeException("nlmsgerr.error: " + err + " is positive (the kernel sends -errno or 0)");
        }
        if (err < -MAX_ERRNO) {
            // found by XfrmCodecFuzzTest: -Integer.MIN_VALUE is still negative
            throw new DecodeException("nlmsgerr.error: " + err + " is not -errno (Linux errnos are 1.." + MAX_ERRNO + ")");
        }
        int reqLen = b.i32(4, "nlmsgerr.msg.nlmsg_len");
        int reqType = b.u16(8, "nlmsgerr.msg.nlmsg_type");
        int reqSeq = b.i32(12, "nlmsgerr.msg.nlmsg_seq");
        if (reqSeq != seq) {
            throw new DecodeException("nlmsgerr.msg.nlmsg_seq: " + reqSeq + " differs from the reply's " + seq);
        }
        String text = "";
        if ((flags & NLM_F_ACK_TLVS) != 0) {
            int tlvs = 4 + ((flags & NLM_F_CAPPED) != 0 ? NLMSG_HDRLEN : align4(reqLen));
            if (tlvs > b.length()) {
                throw new DecodeException("nlmsgerr: extended ACK starts at " + tlvs + " beyond the " + b.length()
                        + " bytes present");
            }
            for (Map.Entry<Integer, HostReader> a : attrs(b, tlvs).entrySet()) {
                if (a.getKey() == NLMSGERR_ATTR_MSG && a.getValue().length() > 0) {
                    text = a.getValue().cstring(0, a.getValue().length(), "nlmsgerr.msg");
                }
            }
        }
        return new Error(seq, -err, reqType, text);
    }

    private static List<Algo> algos(HostReader b, int from) throws DecodeException {
        List<Algo> out = new ArrayList<>();
        for (Map.Entry<Integer, HostReader> a : attrs(b, from).entrySet()) {
            int t = a.getKey();
            if (t == XFRMA_ALG_AUTH || t == XFRMA_ALG_CRYPT || t == XFRMA_ALG_AEAD || t == XFRMA_ALG_AUTH_TRUNC) {
                out.add(Algo.decode(t, a.getValue()));
            }
        }
        return out;
    }

    /** Splits attributes (the last of a type wins); lengths are checked against what is present. */
    static Map<Integer, HostReader> attrs(HostReader b, int from) throws DecodeException {
        Map<Integer, HostReader> out = new LinkedHashMap<>();
        int o = from;
        while (o < b.length()) {
            if (b.length() - o < 4) {
                throw new DecodeException("nlattr: " + (b.length() - o) + " trailing bytes are shorter than a header");
            }
            int alen = b.u16(o, "nla_len");
            int type = b.u16(o + 2, "nla_type") & 0x3fff; // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
            if (alen < 4 || alen > b.length() - o) {
                throw new DecodeException("nla_len: " + alen + " of attribute " + type + " is outside 4.."
                        + (b.length() - o));
            }
            out.put(type, b.slice(o + 4, alen - 4, "nla " + type));
            o += align4(alen);
        }
        return out;
    }

    /**
     * @param b an XFRM_MSG_NEWPOLICY payload
     * @return its policy and templates (used by tests and dumps)
     * @throws DecodeException if malformed
     */
    public static Map.Entry<PolicyInfo, List<Template>> policy(HostReader b) throws DecodeException {
        PolicyInfo info = PolicyInfo.read(b, 0);
        List<Template> t = new ArrayList<>();
        HostReader tr = attrs(b, Xfrm.USERPOLICY_INFO_SIZE).get(XFRMA_TMPL);
        if (tr != null) {
            if (tr.length() % Xfrm.USER_TMPL_SIZE != 0) {
                throw new DecodeException("XFRMA_TMPL: " + tr.length() + " bytes is not a whole number of templates");
            }
            for (int i = 0; i < tr.length(); i += Xfrm.USER_TMPL_SIZE) {
                t.add(Template.read(tr, i));
            }
        }
        return Map.entry(info, t);
    }
}
