package org.miked.sink.pfkey.wire;

import org.miked.kernel.wire.HostReader;
import org.miked.kernel.wire.HostWriter;

import java.util.ArrayList;
import java.util.List;
import org.miked.common.wire.DecodeException;
import org.miked.sink.pfkey.wire.PfKey.Address;
import org.miked.sink.pfkey.wire.PfKey.Alg;
import org.miked.sink.pfkey.wire.PfKey.Ext;
import org.miked.sink.pfkey.wire.PfKey.IpsecRequest;
import org.miked.sink.pfkey.wire.PfKey.Key;
import org.miked.sink.pfkey.wire.PfKey.Lifetime;
import org.miked.sink.pfkey.wire.PfKey.Message;
import org.miked.sink.pfkey.wire.PfKey.Policy;
import org.miked.sink.pfkey.wire.PfKey.Sa;
import org.miked.sink.pfkey.wire.PfKey.Sa2;
import org.miked.sink.pfkey.wire.PfKey.SpiRange;
import org.miked.sink.pfkey.wire.PfKey.Supported;
import org.miked.sink.pfkey.wire.PfKey.Unknown;

/**
 * Encodes and decodes PF_KEY v2 messages (one message per datagram, RFC 2367 section 2.2).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |  version (2)  |   msg type    |    errno      |    SA type    |
 * +---------------+---------------+---------------+---------------+
 * |  len (64-bit words, host ord) |           reserved            |
 * +---------------+---------------+---------------+---------------+
 * |                   sequence number (host order)                |
 * +---------------+---------------+---------------+---------------+
 * |                     pid (host order)                          |
 * +---------------+---------------+---------------+---------------+
 * |  ext len (64-bit words)       |   ext type    ...  extension  ~   repeated, each a
 * +---------------+---------------+---------------+---------------+   multiple of 8 bytes
 * </pre>
 *
 * Decoding treats the input as hostile: the message length must equal the bytes received, every
 * extension must have a non-zero length that fits, known extensions must have their exact size, socket
 * address families must be AF_INET or AF_INET6, and key bits must fit the key bytes present.
 */
public final class PfKeyCodec {
    private PfKeyCodec() {
    }

    /**
     * @param m the message
     * @return its bytes, with every length filled in
     */
    public static byte[] encode(Message m) {
        HostWriter w = new HostWriter();
        w.u8(0, PfKey.PF_KEY_V2).u8(1, m.type()).u8(2, m.errno()).u8(3, m.satype()).i32(8, m.seq()).i32(12, m.pid());
        int o = 16;
        for (Ext e : m.extensions()) {
            o = ext(w, o, e);
        }
        w.zeroTo(o).u16(4, o / 8);
        return w.toByteArray();
    }

    private static int pad8(int n) {
        return (n + 7) & ~7;
    }

    private static int ext(HostWriter w, int o, Ext e) {
        int len;
        if (e instanceof Sa s) {
            w.be32(o + 4, s.spi()).u8(o + 8, s.replay()).u8(o + 9, s.state()).u8(o + 10, s.auth())
                    .u8(o + 11, s.encrypt()).i32(o + 12, s.flags());
            len = 16;
        } else if (e instanceof Lifetime l) {
            w.i32(o + 4, l.allocations()).i64(o + 8, l.bytes()).i64(o + 16, l.addtime()).i64(o + 24, l.usetime());
            len = 32;
        } else if (e instanceof Address a) {
            w.u8(o + 4, a.proto()).u8(o + 5, a.prefixlen()).u16(o + 8, a.family()).be16(o + 10, a.port());
            if (a.family() == PfKey.AF_INET) {
            w.bytes(o + 12, a.addr());
                len = 8 + 16;
            } else {
            w.i32(o + 12, a.flowinfo()).bytes(o + 16, a.addr()).i32(o + 32, a.scopeId());
                len = 8 + 32; // sockaddr_in6 is 28 bytes, padded to 32
            }
        } else if (e instanceof Key k) {
            w.u16(o + 4, k.bits()).bytes(o + 8, k.key());
            len = pad8(8 + k.key().length);
        } else if (e instanceof Supported s) {
            int i = o + 8;
            for (Alg a : s.algs()) {
            w.u8(i, a.id()).u8(i + 1, a.ivlen()).u16(i + 2, a.minbits()).u16(i + 4, a.maxbits());
                i += 8;
            }
            len = 8 + 8 * s.algs().size();
        } else if (e instanceof SpiRange r) {
            w.i32(o + 4, r.min()).i32(o + 8, r.max());
            len = 16;
        } else if (e instanceof Policy p) {
            w.u16(o + 4, p.policyType()).u8(o + 6, p.dir()).i32(o + 8, p.id()).i32(o + 12, p.priority());
            int i = o + 16;
            for (IpsecRequest r : p.requests()) {
            w.u16(i, 16).u16(i + 2, r.proto()).u8(i + 4, r.mode()).u8(i + 5, r.level()).i32(i + 8, r.reqid());
                i += 16;
            }
            len = 16 + 16 * p.requests().size();
        } else if (e instanceof Sa2 s) {
            w.u8(o + 4, s.mode()).i32(o + 8, s.sequence()).i32(o + 12, s.reqid());
            len = 16;
        } else if (e instanceof Unknown u) {
            w.bytes(o + 4, u.payload());
            len = pad8(4 + u.payload().length);
        } else {
            throw new IllegalArgumentException("unknown extension " + e);
        }
        w.zeroTo(o + len).u16(o, len / 8).u16(o + 2, e.type());
        return o + len;
    }

    /**
     * @param buf bytes read from a PF_KEY socket
     * @param len how many are valid
     * @return the message
     * @throws DecodeException naming the field when the message is malformed
     */
    public static Message decode(byte[] buf, int len) throws DecodeException {
        HostReader r = new HostReader(buf, 0, len);
        int version = r.u8(0, "sadb_msg_version");
        if (version != PfKey.PF_KEY_V2) {
            throw new DecodeException("sadb_msg_version: " + version + ", expected " + PfKey.PF_KEY_V2);
        }
        int words = r.u16(4, "sadb_msg_len");
        if (words * 8 != len || words < 2) {
            throw new DecodeException("sadb_msg_len: " + words + " words (" + words * 8 + " bytes) but " + len
                    + " bytes were received");
        }
        List<Ext> exts = new ArrayList<>();
        int o = 16;
        while (o < len) {
            int elen = r.u16(o, "sadb_ext_len") * 8;
            int type = r.u16(o + 2, "sadb_ext_type");
            if (elen == 0 || elen > len - o) {
                throw new DecodeException("sadb_ext_len: extension " + type + " at byte " + o + " has length " + elen
                        + " outside 8.." + (len - o));
            }
            exts.add(ext(r.slice(o, elen, "extension " + type), type));
            o += elen;
        }
        return new Message(r.u8(1, "sadb_msg_type"), r.u8(2, "sadb_msg_errno"), r.u8(3, "sadb_msg_satype"),
                r.i32(8, "sadb_msg_seq"), r.i32(12, "sadb_msg_pid"), exts);
    }

    private static void size(HostReader e, int want, String what) throws DecodeException {
        if (e.length() != want) {
            throw new DecodeException(what + ": length " + e.length() + " bytes, expected " + want);
        }
    }

    private static Ext ext(HostReader e, int type) throws DecodeException {
        switch (type) {
            case PfKey.EXT_SA:
                size(e, 16, "sadb_sa");
                return new Sa(e.be32(4, "sadb_sa_spi"), e.u8(8, "sadb_sa_replay"), e.u8(9, "sadb_sa_state"),
                        e.u8(10, "sadb_sa_auth"), e.u8(11, "sadb_sa_encrypt"), e.i32(12, "sadb_sa_flags"));
            case PfKey.EXT_LIFETIME_CURRENT:
            case PfKey.EXT_LIFETIME_HARD:
            case PfKey.EXT_LIFETIME_SOFT:
                size(e, 32, "sadb_lifetime");
                return new Lifetime(type, e.i32(4, "sadb_lifetime_allocations"), e.i64(8, "sadb_lifetime_bytes"),
                        e.i64(16, "sadb_lifetime_addtime"), e.i64(24, "sadb_lifetime_usetime"));
            case PfKey.EXT_ADDRESS_SRC:
            case PfKey.EXT_ADDRESS_DST:
            case 7: {
                int family = e.u16(8, "sadb_address sockaddr family");
                if (family == PfKey.AF_INET) {
                    size(e, 24, "sadb_address (AF_INET)");
                    return new Address(type, e.u8(4, "sadb_address_proto"), prefix(e, 32), family,
                            e.be16(10, "sin_port"), e.bytes(12, 4, "sin_addr"), 0, 0);
                }
                if (family == PfKey.AF_INET6) {
                    size(e, 40, "sadb_address (AF_INET6)");
                    return new Address(type, e.u8(4, "sadb_address_proto"), prefix(e, 128), family,
                            e.be16(10, "sin6_port"), e.bytes(16, 16, "sin6_addr"), e.i32(12, "sin6_flowinfo"),
                            e.i32(32, "sin6_scope_id"));
                }
                throw new DecodeException("sadb_address sockaddr family: " + family + " is neither AF_INET nor AF_INET6");
            }
            case PfKey.EXT_KEY_AUTH:
            case PfKey.EXT_KEY_ENCRYPT: {
                int bits = e.u16(4, "sadb_key_bits");
                int bytes = (bits + 7) / 8;
                if (bytes > e.length() - 8 || pad8(8 + bytes) != e.length()) {
                    throw new DecodeException("sadb_key_bits: " + bits + " bits do not match the extension's "
                            + (e.length() - 8) + " key bytes");
                }
                return new Key(type, bits, e.bytes(8, bytes, "sadb_key data"));
            }
            case PfKey.EXT_SUPPORTED_AUTH:
            case PfKey.EXT_SUPPORTED_ENCRYPT: {
                List<Alg> algs = new ArrayList<>();
                for (int i = 8; i < e.length(); i += 8) {
                    algs.add(new Alg(e.u8(i, "sadb_alg_id"), e.u8(i + 1, "sadb_alg_ivlen"), e.u16(i + 2, "sadb_alg_minbits"),
                            e.u16(i + 4, "sadb_alg_maxbits")));
                }
                return new Supported(type, algs);
            }
            case PfKey.EXT_SPIRANGE:
                size(e, 16, "sadb_spirange");
                return new SpiRange(e.i32(4, "sadb_spirange_min"), e.i32(8, "sadb_spirange_max"));
            case PfKey.EXT_X_POLICY:
                return policy(e);
            case PfKey.EXT_X_SA2:
                size(e, 16, "sadb_x_sa2");
                return new Sa2(e.u8(4, "sadb_x_sa2_mode"), e.i32(8, "sadb_x_sa2_sequence"), e.i32(12, "sadb_x_sa2_reqid"));
            default:
                return new Unknown(type, e.bytes(4, e.length() - 4, "extension " + type));
        }
    }

    private static int prefix(HostReader e, int max) throws DecodeException {
        int p = e.u8(5, "sadb_address_prefixlen");
        if (p > max) {
            throw new DecodeException("sadb_address_prefixlen: " + p + " exceeds " + max);
        }
        return p;
    }

    private static Policy policy(HostReader e) throws DecodeException {
        if (e.length() < 16) {
            throw new DecodeException("sadb_x_policy: length " + e.length() + " is shorter than 16");
        }
        List<IpsecRequest> reqs = new ArrayList<>();
        int i = 16;
        while (i < e.length()) {
            int rlen = e.u16(i, "sadb_x_ipsecrequest_len");
            if (rlen < 16 || rlen % 8 != 0 || rlen > e.length() - i) {
                throw new DecodeException("sadb_x_ipsecrequest_len: " + rlen + " bytes at " + i + " outside 16.."
                        + (e.length() - i) + " or not a multiple of 8");
            }
            reqs.add(new IpsecRequest(e.u16(i + 2, "sadb_x_ipsecrequest_proto"), e.u8(i + 4, "sadb_x_ipsecrequest_mode"),
                    e.u8(i + 5, "sadb_x_ipsecrequest_level"), e.i32(i + 8, "sadb_x_ipsecrequest_reqid")));
            i += rlen;
        }
        return new Policy(e.u16(4, "sadb_x_policy_type"), e.u8(6, "sadb_x_policy_dir"), e.i32(8, "sadb_x_policy_id"),
                e.i32(12, "sadb_x_policy_priority"), reqs);
    }
}
