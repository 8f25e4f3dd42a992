package org.miked.sink.pfkey.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * PF_KEY v2 (RFC 2367, Linux {@code linux/pfkeyv2.h} and {@code linux/ipsec.h}): constants and the
 * message and extension records. Lengths on the wire count 64-bit words; fields are in host byte order
 * except the SPI and the ports inside socket addresses (network order), as RFC 2367 section 2 says.
 *
 * <pre>
 * struct sadb_msg (16)                         struct sadb_ext (4, starts every extension)
 *   0 u8 version (2)  1 u8 type                  0 u16 sadb_ext_len (64-bit words)
 *   2 u8 errno        3 u8 satype                2 u16 sadb_ext_type
 *   4 u16 len (64-bit words, whole message)
 *   6 u16 reserved    8 u32 seq    12 u32 pid
 *
 * sadb_sa (16, type 1): 4 __be32 spi, 8 u8 replay, 9 u8 state, 10 u8 auth, 11 u8 encrypt, 12 u32 flags
 * sadb_lifetime (32, types 2 current / 3 hard / 4 soft): 4 u32 allocations, 8 u64 bytes,
 *   16 u64 addtime, 24 u64 usetime
 * sadb_address (8 + sockaddr padded to 8, types 5 src / 6 dst / 7 proxy): 4 u8 proto,
 *   5 u8 prefixlen, 6 u16 reserved, 8 sockaddr_in (16: u16 family, __be16 port, 4 addr, 8 zero) or
 *   sockaddr_in6 (28 + 4 pad: u16 family, __be16 port, u32 flowinfo, 16 addr, u32 scope_id)
 * sadb_key (8 + key padded to 8, types 8 auth / 9 encrypt): 4 u16 bits, 6 u16 reserved
 * sadb_supported (8 + 8 per alg, types 14 auth / 15 encrypt): 4 u32 reserved;
 *   sadb_alg: 0 u8 id, 1 u8 ivlen, 2 u16 minbits, 4 u16 maxbits, 6 u16 reserved
 * sadb_spirange (16, type 16): 4 u32 min, 8 u32 max, 12 u32 reserved
 * sadb_x_policy (16 + requests, type 18): 4 u16 policy type, 6 u8 dir, 7 u8 reserved, 8 u32 id,
 *   12 u32 priority
 *   sadb_x_ipsecrequest (16, length in BYTES): 0 u16 len, 2 u16 proto, 4 u8 mode, 5 u8 level,
 *     6 u16 reserved1, 8 u32 reqid, 12 u32 reserved2 [+ tunnel endpoints, not used here]
 * sadb_x_sa2 (16, type 19): 4 u8 mode, 5 u8 reserved1, 6 u16 reserved2, 8 u32 sequence, 12 u32 reqid
 * </pre>
 */
public final class PfKey {
    public static final int PF_KEY_V2 = 2;

    public static final int SADB_GETSPI = 1;
    public static final int SADB_UPDATE = 2;
    public static final int SADB_ADD = 3;
    public static final int SADB_DELETE = 4;
    public static final int SADB_GET = 5;
    public static final int SADB_ACQUIRE = 6;
    public static final int SADB_REGISTER = 7;
    public static final int SADB_EXPIRE = 8;
    public static final int SADB_FLUSH = 9;
    public static final int SADB_DUMP = 10;
    /** Adds a policy or replaces an existing one with the same selector (Linux af_key: non-exclusive insert). */
    public static final int SADB_X_SPDUPDATE = 13;
    public static final int SADB_X_SPDADD = 14;
    public static final int SADB_X_SPDDELETE = 15;
    public static final int SADB_X_SPDFLUSH = 19;
    public static final int SADB_X_SPDEXPIRE = 21;

    public static final int SADB_SATYPE_UNSPEC = 0;
    public static final int SADB_SATYPE_AH = 2;
    public static final int SADB_SATYPE_ESP = 3;

    public static final int EXT_SA = 1;
    public static final int EXT_LIFETIME_CURRENT = 2;
    public static final int EXT_LIFETIME_HARD = 3;
    public static final int EXT_LIFETIME_SOFT = 4;
    public static final int EXT_ADDRESS_SRC = 5;
    public static final int EXT_ADDRESS_DST = 6;
    public static final int EXT_KEY_AUTH = 8;
    public static final int EXT_KEY_ENCRYPT = 9;
    public static final int EXT_SUPPORTED_AUTH = 14;
    public static final int EXT_SUPPORTED_ENCRYPT = 15;
    public static final int EXT_SPIRANGE = 16;
    public static final int EXT_X_POLICY = 18;
    public static final int EXT_X_SA2 = 19;

    public static final int SADB_SASTATE_MATURE = 1;

    public static final int SADB_AALG_NONE = 0;
    public static final int SADB_AALG_SHA1HMAC = 3;
    public static final int SADB_X_AALG_SHA2_256HMAC = 5;
    public static final int SADB_X_AALG_SHA2_384HMAC = 6;
    public static final int SADB_X_AALG_SHA2_512HMAC = 7;
    public static final int SADB_X_AALG_AES_XCBC_MAC = 9;
    public static final int SADB_EALG_NONE = 0;
    public static final int SADB_EALG_NULL = 11;
    public static final int SADB_X_EALG_AESCBC = 12;
    public static final int SADB_X_EALG_AESCTR = 13;
    public static final int SADB_X_EALG_AES_CCM_ICV8 = 14;
    public static final int SADB_X_EALG_AES_CCM_ICV12 = 15;
    public static final int SADB_X_EALG_AES_CCM_ICV16 = 16;
    public static final int SADB_X_EALG_AES_GCM_ICV8 = 18;
    public static final int SADB_X_EALG_AES_GCM_ICV12 = 19;
    public static final int SADB_X_EALG_AES_GCM_ICV16 = 20;

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_ESP = 50;
    /** {@code IPSEC_PROTO_ANY} in sadb_address.proto. */
    public static final int IPSEC_PROTO_ANY = 255;

    public static final int IPSEC_MODE_ANY = 0;
    public static final int IPSEC_MODE_TRANSPORT = 1;
    public static final int IPSEC_POLICY_IPSEC = 2;
    public static final int IPSEC_DIR_INBOUND = 1;
    public static final int IPSEC_DIR_OUTBOUND = 2;
    public static final int IPSEC_LEVEL_REQUIRE = 2;
    /** {@code IPSEC_LEVEL_UNIQUE}: the template then keeps its own reqid (at most 0x3fff). */
    public static final int IPSEC_LEVEL_UNIQUE = 3;

    private PfKey() {
    }

    /**
     * A PF_KEY message: the {@code sadb_msg} header and its extensions in order.
     *
     * @param type SADB_* message type
     * @param errno errno in replies (0 on success)
     * @param satype SADB_SATYPE_*
     * @param seq sequence number
     * @param pid sender's pid (0 from the kernel)
     * @param extensions extensions, in order
     */
    public record Message(int type, int errno, int satype, int seq, int pid, List<Ext> extensions) {
        public Message {
            extensions = List.copyOf(extensions);
        }

        /**
         * @param <T> extension record type
         * @param cls extension record type
         * @param extType extension type number
         * @return the first extension of that type, or null
         */
        public <T extends Ext> T ext(Class<T> cls, int extType) {
            for (Ext e : extensions) {
                if (e.type() == extType && cls.isInstance(e)) {
                    return cls.cast(e);
                }
            }
            return null;
        }
    }

    /** One extension. */
    public sealed interface Ext permits Sa, Lifetime, Address, Key, Supported, SpiRange, Policy, Sa2, Unknown {
        /** @return its SADB_EXT_* type */
        int type();
    }

    /** {@code sadb_sa}. */
    public record Sa(int spi, int replay, int state, int auth, int encrypt, int flags) implements Ext {
        @Override
        public int type() {
            return EXT_SA;
        }
    }

    /** {@code sadb_lifetime} (current, hard or soft). */
    public record Lifetime(int type, int allocations, long bytes, long addtime, long usetime) implements Ext {
    }

    /**
     * {@code sadb_address} with its socket address.
     *
     * @param type EXT_ADDRESS_SRC or EXT_ADDRESS_DST
     * @param proto upper-layer protocol, {@link #IPSEC_PROTO_ANY} for any
     * @param prefixlen prefix length
     * @param family AF_INET or AF_INET6
     * @param port port (network order on the wire), 0 for any
     * @param addr 4 or 16 bytes
     * @param flowinfo IPv6 flow info
     * @param scopeId IPv6 scope id
     */
    public record Address(int type, int proto, int prefixlen, int family, int port, byte[] addr, int flowinfo,
            int scopeId) implements Ext {
        public Address {
            addr = addr.clone();
            if (addr.length != (family == AF_INET ? 4 : 16)) {
                throw new IllegalArgumentException("family " + family + " needs " + (family == AF_INET ? 4 : 16)
                        + " address bytes, got " + addr.length);
            }
        }

        @Override
        public byte[] addr() {
            return addr.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Address a && type == a.type && proto == a.proto && prefixlen == a.prefixlen
                    && family == a.family && port == a.port && Arrays.equals(addr, a.addr) && flowinfo == a.flowinfo
                    && scopeId == a.scopeId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, family, port, Arrays.hashCode(addr));
        }
    }

    /** {@code sadb_key}; bits may be less than 8 x bytes only for odd key sizes (not used here). */
    public record Key(int type, int bits, byte[] key) implements Ext {
        public Key {
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && type == k.type && bits == k.bits && Arrays.equals(key, k.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, bits);
        }

        @Override
        public String toString() {
            return "Key[" + type + " " + bits + " bits withheld]";
        }
    }

    /** {@code sadb_alg} inside a supported list. */
    public record Alg(int id, int ivlen, int minbits, int maxbits) {
    }

    /** {@code sadb_supported} (in SADB_REGISTER replies). */
    public record Supported(int type, List<Alg> algs) implements Ext {
        public Supported {
            algs = List.copyOf(algs);
        }
    }

    /** {@code sadb_spirange}. */
    public record SpiRange(int min, int max) implements Ext {
        @Override
        public int type() {
            return EXT_SPIRANGE;
        }
    }

    /** {@code sadb_x_ipsecrequest} without tunnel endpoints. */
    public record IpsecRequest(int proto, int mode, int level, int reqid) {
    }

    /** {@code sadb_x_policy} with its requests. */
    public record Policy(int policyType, int dir, int id, int priority, List<IpsecRequest> requests) implements Ext {
        public Policy {
            requests = List.copyOf(requests);
        }

        @Override
        public int type() {
            return EXT_X_POLICY;
        }
    }

    /** {@code sadb_x_sa2}: mode and reqid of an SA. */
    public record Sa2(int mode, int sequence, int reqid) implements Ext {
        @Override
        public int type() {
            return EXT_X_SA2;
        }
    }

    /** An extension this codec does not interpret (kept verbatim: payload after the 4-byte header). */
    public record Unknown(int type, byte[] payload) implements Ext {
        public Unknown {
            payload = payload.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && type == u.type && Arrays.equals(payload, u.payload);
        }

        @Override
        public int hashCode() {
            return type;
        }
    }
}
