package org.miked.sink.xfrm.wire;

import org.miked.kernel.wire.HostReader;
import org.miked.kernel.wire.HostWriter;

import java.util.Arrays;
import java.util.Objects;
import org.miked.common.wire.DecodeException;

/**
 * The XFRM structures of {@code linux/xfrm.h} that MIKED sends and receives, as records, with their
 * x86-64 / aarch64 layouts (host byte order; SPI and ports in network order). Offsets below were taken
 * from the struct definitions with the C alignment rules and confirmed byte for byte against what
 * iproute2 6.1 sends (see the test vectors).
 *
 * <pre>
 * struct xfrm_selector (56 bytes)                 struct xfrm_id (24 bytes)
 *   0  xfrm_address_t daddr   (16)                  0  xfrm_address_t daddr (16)
 *  16  xfrm_address_t saddr   (16)                 16  __be32 spi
 *  32  __be16 dport,  34 __be16 dport_mask          20  __u8 proto, 3 bytes pad
 *  36  __be16 sport,  38 __be16 sport_mask
 *  40  __u16 family, 42 __u8 prefixlen_d, 43 __u8 prefixlen_s, 44 __u8 proto, 3 bytes pad
 *  48  int ifindex,  52 __kernel_uid32_t user
 *
 * struct xfrm_lifetime_cfg (64 bytes): 8 x __u64: soft/hard byte limit, soft/hard packet limit,
 *   soft/hard add-expires seconds, soft/hard use-expires seconds (XFRM_INF = ~0 means none)
 * struct xfrm_lifetime_cur (32 bytes): __u64 bytes, packets, add_time, use_time
 *
 * struct xfrm_usersa_info (224 bytes)
 *   0  xfrm_selector sel      56  xfrm_id id        80  xfrm_address_t saddr
 *  96  xfrm_lifetime_cfg lft 160  xfrm_lifetime_cur curlft
 * 192  xfrm_stats (u32 replay_window, replay, integrity_failed)
 * 204  __u32 seq   208 __u32 reqid   212 __u16 family   214 __u8 mode   215 __u8 replay_window
 * 216  __u8 flags, 7 bytes pad
 *
 * struct xfrm_userpolicy_info (168 bytes)
 *   0  sel   56 lft   120 curlft   152 __u32 priority   156 __u32 index
 * 160  __u8 dir, 161 action, 162 flags, 163 share, 4 bytes pad
 *
 * struct xfrm_user_tmpl (64 bytes)
 *   0  xfrm_id id   24 __u16 family, 2 pad   28 xfrm_address_t saddr   44 __u32 reqid
 *  48  __u8 mode, 49 share, 50 optional, 1 pad   52 __u32 aalgos   56 ealgos   60 calgos
 * </pre>
 */
public final class Xfrm {
    /** {@code AF_INET}. */
    public static final int AF_INET = 2;
    /** {@code AF_INET6}. */
    public static final int AF_INET6 = 10;
    /** {@code IPPROTO_UDP}. */
    public static final int IPPROTO_UDP = 17;
    /** {@code IPPROTO_ESP}. */
    public static final int IPPROTO_ESP = 50;
    /** {@code IPPROTO_AH}. */
    public static final int IPPROTO_AH = 51;
    /** {@code XFRM_MODE_TRANSPORT}. */
    public static final int MODE_TRANSPORT = 0;
    /** {@code XFRM_MODE_TUNNEL}. */
    public static final int MODE_TUNNEL = 1;
    /** {@code XFRM_POLICY_IN}. */
    public static final int POLICY_IN = 0;
    /** {@code XFRM_POLICY_OUT}. */
    public static final int POLICY_OUT = 1;
    /** {@code XFRM_POLICY_ALLOW}. */
    public static final int POLICY_ALLOW = 0;
    /** {@code XFRM_INF}: no limit. */
    public static final long INF = -1L;

    static final int SELECTOR_SIZE = 56;
    static final int ID_SIZE = 24;
    static final int LIFETIME_CFG_SIZE = 64;
    static final int LIFETIME_CUR_SIZE = 32;
    /** sizeof(struct xfrm_usersa_info). */
    public static final int USERSA_INFO_SIZE = 224;
    /** sizeof(struct xfrm_userpolicy_info). */
    public static final int USERPOLICY_INFO_SIZE = 168;
    /** sizeof(struct xfrm_user_tmpl). */
    public static final int USER_TMPL_SIZE = 64;

    private Xfrm() {
    }

    /** An {@code xfrm_address_t}: 16 bytes, IPv4 in the first 4. */
    public static byte[] addr16(byte[] a) {
        if (a.length == 16) {
            return a.clone();
        }
        if (a.length == 4) {
            return Arrays.copyOf(a, 16);
        }
        throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + a.length);
    }

    /**
     * A traffic selector.
     *
     * @param daddr destination (4 or 16 bytes)
     * @param saddr source (4 or 16 bytes)
     * @param dport destination port (0 any)
     * @param dportMask 0xffff to match dport, 0 for any
     * @param sport source port
     * @param sportMask source port mask
     * @param family AF_INET or AF_INET6
     * @param prefixlenD destination prefix length
     * @param prefixlenS source prefix length
     * @param proto upper-layer protocol (0 any, 17 UDP)
     * @param ifindex interface (0 any)
     * @param user owner uid (0)
     */
    public record Selector(byte[] daddr, byte[] saddr, int dport, int dportMask, int sport, int sportMask, int family,
            int prefixlenD, int prefixlenS, int proto, int ifindex, int user) {
        public Selector {
            daddr = addr16(daddr);
            saddr = addr16(saddr);
        }

        void write(HostWriter w, int o) {
            w.bytes(o, daddr).bytes(o + 16, saddr).be16(o + 32, dport).be16(o + 34, dportMask).be16(o + 36, sport)
                    .be16(o + 38, sportMask).u16(o + 40, family).u8(o + 42, prefixlenD).u8(o + 43, prefixlenS)
                    .u8(o + 44, proto).i32(o + 48, ifindex).i32(o + 52, user);
        }

        static Selector read(HostReader r, int o) throws DecodeException {
            return new Selector(r.bytes(o, 16, "sel.daddr"), r.bytes(o + 16, 16, "sel.saddr"), r.be16(o + 32, "sel.dport"),
                    r.be16(o + 34, "sel.dport_mask"), r.be16(o + 36, "sel.sport"), r.be16(o + 38, "sel.sport_mask"),
                    r.u16(o + 40, "sel.family"), r.u8(o + 42, "sel.prefixlen_d"), r.u8(o + 43, "sel.prefixlen_s"),
                    r.u8(o + 44, "sel.proto"), r.i32(o + 48, "sel.ifindex"), r.i32(o + 52, "sel.user"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Selector s && Arrays.equals(daddr, s.daddr) && Arrays.equals(saddr, s.saddr)
                    && dport == s.dport && dportMask == s.dportMask && sport == s.sport && sportMask == s.sportMask
                    && family == s.family && prefixlenD == s.prefixlenD && prefixlenS == s.prefixlenS
                    && proto == s.proto && ifindex == s.ifindex && user == s.user;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(daddr), Arrays.hashCode(saddr), dport, sport, family, proto);
        }
    }

    /** {@code struct xfrm_lifetime_cfg}; {@link #INF} means no limit. */
    public record Lifetime(long softBytes, long hardBytes, long softPackets, long hardPackets, long softAddSeconds,
            long hardAddSeconds, long softUseSeconds, long hardUseSeconds) {
        /** Only time limits after adding, as MIKED's MSAs have (0: none). */
        public static Lifetime addExpires(long softSeconds, long hardSeconds) {
            return new Lifetime(INF, INF, INF, INF, softSeconds, hardSeconds, 0, 0);
        }

        /** No limits at all. */
        public static final Lifetime NONE = new Lifetime(INF, INF, INF, INF, 0, 0, 0, 0);

        void write(HostWriter w, int o) {
            w.i64(o, softBytes).i64(o + 8, hardBytes).i64(o + 16, softPackets).i64(o + 24, hardPackets)
                    .i64(o + 32, softAddSeconds).i64(o + 40, hardAddSeconds).i64(o + 48, softUseSeconds)
                    .i64(o + 56, hardUseSeconds);
        }

        static Lifetime read(HostReader r, int o) throws DecodeException {
            return new Lifetime(r.i64(o, "lft.soft_byte_limit"), r.i64(o + 8, "lft.hard_byte_limit"),
                    r.i64(o + 16, "lft.soft_packet_limit"), r.i64(o + 24, "lft.hard_packet_limit"),
                    r.i64(o + 32, "lft.soft_add_expires_seconds"), r.i64(o + 40, "lft.hard_add_expires_seconds"),
                    r.i64(o + 48, "lft.soft_use_expires_seconds"), r.i64(o + 56, "lft.hard_use_expires_seconds"));
        }
    }

    /** {@code struct xfrm_lifetime_cur}: what the kernel counted. */
    public record Current(long bytes, long packets, long addTime, long useTime) {
        /** Nothing counted (requests). */
        public static final Current ZERO = new Current(0, 0, 0, 0);

        void write(HostWriter w, int o) {
            w.i64(o, bytes).i64(o + 8, packets).i64(o + 16, addTime).i64(o + 24, useTime);
        }

        static Current read(HostReader r, int o) throws DecodeException {
            return new Current(r.i64(o, "curlft.bytes"), r.i64(o + 8, "curlft.packets"), r.i64(o + 16, "curlft.add_time"),
                    r.i64(o + 24, "curlft.use_time"));
        }
    }

    /**
     * {@code struct xfrm_usersa_info}: one SA.
     *
     * @param sel traffic selector
     * @param daddr destination (id.daddr)
     * @param spi SPI (id.spi)
     * @param proto IPPROTO_ESP or IPPROTO_AH (id.proto)
     * @param saddr source
     * @param lft limits
     * @param cur counters (zero in requests)
     * @param statsReplayWindow stats.replay_window
     * @param statsReplay stats.replay
     * @param statsIntegrityFailed stats.integrity_failed
     * @param seq seq (ACQUIRE sequence, 0)
     * @param reqid request id tying the SA to policy templates
     * @param family AF_INET or AF_INET6
     * @param mode MODE_TRANSPORT or MODE_TUNNEL
     * @param replayWindow anti-replay window in packets (at most 255 here)
     * @param flags XFRM_STATE_* flags
     */
    public record SaInfo(Selector sel, byte[] daddr, int spi, int proto, byte[] saddr, Lifetime lft, Current cur,
            int statsReplayWindow, int statsReplay, int statsIntegrityFailed, int seq, int reqid, int family, int mode,
            int replayWindow, int flags) {
        public SaInfo {
            daddr = addr16(daddr);
            saddr = addr16(saddr);
        }

        void write(HostWriter w, int o) {
            sel.write(w, o);
            w.bytes(o + 56, daddr).be32(o + 72, spi).u8(o + 76, proto).bytes(o + 80, saddr);
            lft.write(w, o + 96);
            cur.write(w, o + 160);
            w.i32(o + 192, statsReplayWindow).i32(o + 196, statsReplay).i32(o + 200, statsIntegrityFailed)
                    .i32(o + 204, seq).i32(o + 208, reqid).u16(o + 212, family).u8(o + 214, mode)
                    .u8(o + 215, replayWindow).u8(o + 216, flags).zeroTo(o + USERSA_INFO_SIZE);
        }

        static SaInfo read(HostReader r, int o) throws DecodeException {
            r.bytes(o, USERSA_INFO_SIZE, "xfrm_usersa_info");
            int family = r.u16(o + 212, "family");
            if (family != AF_INET && family != AF_INET6) {
                throw new DecodeException("xfrm_usersa_info.family: " + family + " is neither AF_INET nor AF_INET6");
            }
            return new SaInfo(Selector.read(r, o), r.bytes(o + 56, 16, "id.daddr"), r.be32(o + 72, "id.spi"),
                    r.u8(o + 76, "id.proto"), r.bytes(o + 80, 16, "saddr"), Lifetime.read(r, o + 96),
                    Current.read(r, o + 160), r.i32(o + 192, "stats.replay_window"), r.i32(o + 196, "stats.replay"),
                    r.i32(o + 200, "stats.integrity_failed"), r.i32(o + 204, "seq"), r.i32(o + 208, "reqid"), family,
                    r.u8(o + 214, "mode"), r.u8(o + 215, "replay_window"), r.u8(o + 216, "flags"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SaInfo s && sel.equals(s.sel) && Arrays.equals(daddr, s.daddr) && spi == s.spi
                    && proto == s.proto && Arrays.equals(saddr, s.saddr) && lft.equals(s.lft) && cur.equals(s.cur)
                    && statsReplayWindow == s.statsReplayWindow && statsReplay == s.statsReplay
                    && statsIntegrityFailed == s.statsIntegrityFailed && seq == s.seq && reqid == s.reqid
                    && family == s.family && mode == s.mode && replayWindow == s.replayWindow && flags == s.flags;
        }

        @Override
        public int hashCode() {
            return Objects.hash(sel, spi, proto, reqid, family);
        }
    }

    /** {@code struct xfrm_userpolicy_info}: one policy. */
    public record PolicyInfo(Selector sel, Lifetime lft, Current cur, int priority, int index, int dir, int action,
            int flags, int share) {
        void write(HostWriter w, int o) {
            sel.write(w, o);
            lft.write(w, o + 56);
            cur.write(w, o + 120);
            w.i32(o + 152, priority).i32(o + 156, index).u8(o + 160, dir).u8(o + 161, action).u8(o + 162, flags)
                    .u8(o + 163, share).zeroTo(o + USERPOLICY_INFO_SIZE);
        }

        static PolicyInfo read(HostReader r, int o) throws DecodeException {
            r.bytes(o, USERPOLICY_INFO_SIZE, "xfrm_userpolicy_info");
            return new PolicyInfo(Selector.read(r, o), Lifetime.read(r, o + 56), Current.read(r, o + 120),
                    r.i32(o + 152, "priority"), r.i32(o + 156, "index"), r.u8(o + 160, "dir"), r.u8(o + 161, "action"),
                    r.u8(o + 162, "flags"), r.u8(o + 163, "share"));
        }
    }

    /** {@code struct xfrm_user_tmpl}: which SA a policy requires. */
    public record Template(byte[] daddr, int spi, int proto, int family, byte[] saddr, int reqid, int mode, int share,
            int optional, int aalgos, int ealgos, int calgos) {
        public Template {
            daddr = addr16(daddr);
            saddr = addr16(saddr);
        }

        void write(HostWriter w, int o) {
            w.bytes(o, daddr).be32(o + 16, spi).u8(o + 20, proto).u16(o + 24, family).bytes(o + 28, saddr)
                    .i32(o + 44, reqid).u8(o + 48, mode).u8(o + 49, share).u8(o + 50, optional).i32(o + 52, aalgos)
                    .i32(o + 56, ealgos).i32(o + 60, calgos);
        }

        static Template read(HostReader r, int o) throws DecodeException {
            return new Template(r.bytes(o, 16, "tmpl.id.daddr"), r.be32(o + 16, "tmpl.id.spi"), r.u8(o + 20, "tmpl.id.proto"),
                    r.u16(o + 24, "tmpl.family"), r.bytes(o + 28, 16, "tmpl.saddr"), r.i32(o + 44, "tmpl.reqid"),
                    r.u8(o + 48, "tmpl.mode"), r.u8(o + 49, "tmpl.share"), r.u8(o + 50, "tmpl.optional"),
                    r.i32(o + 52, "tmpl.aalgos"), r.i32(o + 56, "tmpl.ealgos"), r.i32(o + 60, "tmpl.calgos"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Template t && Arrays.equals(daddr, t.daddr) && spi == t.spi && proto == t.proto
                    && family == t.family && Arrays.equals(saddr, t.saddr) && reqid == t.reqid && mode == t.mode
                    && share == t.share && optional == t.optional && aalgos == t.aalgos && ealgos == t.ealgos
                    && calgos == t.calgos;
        }

        @Override
        public int hashCode() {
            return Objects.hash(spi, proto, family, reqid);
        }
    }

    /**
     * An algorithm attribute: {@code struct xfrm_algo} (XFRMA_ALG_CRYPT, XFRMA_ALG_AUTH),
     * {@code struct xfrm_algo_auth} (XFRMA_ALG_AUTH_TRUNC: extra = truncation bits) or
     * {@code struct xfrm_algo_aead} (XFRMA_ALG_AEAD: extra = ICV bits).
     *
     * <pre>
     *   0  char alg_name[64]   64  unsigned int alg_key_len (bits)
     *  [68 unsigned int alg_trunc_len / alg_icv_len]   then the key
     * </pre>
     *
     * @param attrType XFRMA_ALG_* attribute type
     * @param name kernel algorithm name
     * @param keyBits key length in bits
     * @param extraBits truncation or ICV length in bits (ignored for CRYPT and AUTH)
     * @param key key bytes
     */
    public record Algo(int attrType, String name, int keyBits, int extraBits, byte[] key) {
        public Algo {
            key = key.clone();
            if (keyBits != key.length * 8) {
                throw new IllegalArgumentException(name + ": key length " + keyBits + " bits but " + key.length + " bytes");
            }
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        boolean hasExtra() {
            return attrType == XfrmCodec.XFRMA_ALG_AUTH_TRUNC || attrType == XfrmCodec.XFRMA_ALG_AEAD;
        }

        byte[] encode() {
            HostWriter w = new HostWriter().cstring(0, 64, name).i32(64, keyBits);
            int k = 68;
            if (hasExtra()) {
                w.i32(68, extraBits);
                k = 72;
            }
            return w.zeroTo(k).bytes(k, key).zeroTo(k + key.length).toByteArray();
        }

        static Algo decode(int type, HostReader r) throws DecodeException {
            String name = r.cstring(0, 64, "alg_name");
            int bits = r.i32(64, "alg_key_len");
            boolean extra = type == XfrmCodec.XFRMA_ALG_AUTH_TRUNC || type == XfrmCodec.XFRMA_ALG_AEAD;
            int k = extra ? 72 : 68;
            int e = extra ? r.i32(68, "alg_trunc_len/alg_icv_len") : 0;
            if (bits < 0 || bits % 8 != 0 || bits / 8 > r.length() - k) {
                throw new DecodeException("alg_key_len: " + bits + " bits does not match the " + (r.length() - k)
                        + " key bytes present");
            }
            return new Algo(type, name, bits, e, r.bytes(k, bits / 8, "alg_key"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Algo a && attrType == a.attrType && name.equals(a.name) && keyBits == a.keyBits
                    && extraBits == a.extraBits && Arrays.equals(key, a.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(attrType, name, keyBits, extraBits);
        }

        @Override
        public String toString() {
            return "Algo[" + attrType + " " + name + " " + keyBits + "/" + extraBits + " key withheld]";
        }
    }
}
