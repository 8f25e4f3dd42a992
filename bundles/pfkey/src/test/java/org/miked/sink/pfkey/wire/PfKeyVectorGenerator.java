package org.miked.sink.pfkey.wire;

import com.google.gson.GsonBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.miked.common.crypto.Hex;

/**
 * Writes {@code src/test/resources/vectors/pfkey-hand.json}: PF_KEY v2 messages laid out by hand from
 * the struct definitions of RFC 2367 and linux/pfkeyv2.h (x86-64, little-endian), extension by
 * extension with plain ByteBuffers and none of the codec's code. No PF_KEY socket exists on the machine
 * this was written on (the kernel lacks af_key), so there is no capture to compare with; the layouts were
 * checked against the RFC's section 2.3 diagrams. Run main to regenerate.
 */
public final class PfKeyVectorGenerator {
    private PfKeyVectorGenerator() {
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** sadb_msg with len filled in from the total. */
    private static byte[] msg(int type, int errno, int satype, int seq, int pid, byte[]... exts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int total = 16;
        for (byte[] e : exts) {
            total += e.length;
        }
        ByteBuffer h = le(16);
        h.put(0, (byte) 2).put(1, (byte) type).put(2, (byte) errno).put(3, (byte) satype)
                .putShort(4, (short) (total / 8)).putInt(8, seq).putInt(12, pid);
        out.writeBytes(h.array());
        for (byte[] e : exts) {
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    private static ByteBuffer ext(int len, int type) {
        return le(len).putShort(0, (short) (len / 8)).putShort(2, (short) type);
    }

    static byte[] sa(int spi, int replay, int state, int auth, int enc) {
        ByteBuffer b = ext(16, 1);
        b.order(ByteOrder.BIG_ENDIAN).putInt(4, spi).order(ByteOrder.LITTLE_ENDIAN);
        return b.put(8, (byte) replay).put(9, (byte) state).put(10, (byte) auth).put(11, (byte) enc).array();
    }

    static byte[] sa2(int mode, int reqid) {
        return ext(16, 19).put(4, (byte) mode).putInt(12, reqid).array();
    }

    static byte[] lifetime(int type, int alloc, long bytes, long add, long use) {
        return ext(32, type).putInt(4, alloc).putLong(8, bytes).putLong(16, add).putLong(24, use).array();
    }

    static byte[] addr4(int type, int proto, int prefix, int port, int a, int b, int c, int d) {
        ByteBuffer x = ext(24, type).put(4, (byte) proto).put(5, (byte) prefix);
        x.putShort(8, (short) 2); // sin_family, host order
        x.put(10, (byte) (port >>> 8)).put(11, (byte) port); // sin_port, network order
        return x.put(12, (byte) a).put(13, (byte) b).put(14, (byte) c).put(15, (byte) d).array();
    }

    static byte[] addr6(int type, int proto, int prefix, int port, byte[] a16) {
        ByteBuffer x = ext(40, type).put(4, (byte) proto).put(5, (byte) prefix);
        x.putShort(8, (short) 10).put(10, (byte) (port >>> 8)).put(11, (byte) port);
        x.position(16);
        x.put(a16); // sin6_addr at sockaddr offset 8; flowinfo (12) and scope_id (32) stay 0
        return x.array();
    }

    static byte[] key(int type, int bits, byte[] k) {
        int len = (8 + k.length + 7) & ~7;
        ByteBuffer x = ext(len, type).putShort(4, (short) bits);
        x.position(8);
        x.put(k);
        return x.array();
    }

    static byte[] spirange(int min, int max) {
        return ext(16, 16).putInt(4, min).putInt(8, max).array();
    }

    static byte[] policy(int dir, boolean withRequest, int reqid) {
        ByteBuffer x = ext(withRequest ? 32 : 16, 18).putShort(4, (short) 2).put(6, (byte) dir);
        if (withRequest) {
            // sadb_x_ipsecrequest: len in bytes (16), proto ESP (50), mode transport (1), level require (2:
            // linux/ipsec.h DEFAULT 0, USE 1, REQUIRE 2, UNIQUE 3), reqid
            x.putShort(16, (short) 16).putShort(18, (short) 50).put(20, (byte) 1).put(21, (byte) 2).putInt(24, reqid);
        }
        return x.array();
    }

    static byte[] supported(int type, int[][] algs) {
        ByteBuffer x = ext(8 + 8 * algs.length, type);
        for (int i = 0; i < algs.length; i++) {
            int o = 8 + 8 * i;
            x.put(o, (byte) algs[i][0]).put(o + 1, (byte) algs[i][1]).putShort(o + 2, (short) algs[i][2])
                    .putShort(o + 4, (short) algs[i][3]);
        }
        return x.array();
    }

    static byte[] count(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    static byte[] v6(String hex32) {
        return Hex.decode(hex32);
    }

    static final byte[] FD00_1 = v6("fd000000000000000000000000000001");
    static final byte[] FF3E_4D_1 = v6("ff3e00000000000000000000004d0001");

    static Map<String, String> vectors() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("getspi-v4", Hex.encode(msg(1, 0, 3, 1, 4242, sa2(1, 42), addr4(5, 255, 32, 0, 10, 0, 0, 1),
                addr4(6, 255, 32, 0, 239, 1, 2, 3), spirange(0x100, 0x7fffffff))));
        v.put("getspi-reply-v4", Hex.encode(msg(1, 0, 3, 1, 4242, sa(0x0c6f5040, 0, 0, 0, 0), addr4(5, 255, 32, 0, 10, 0, 0, 1),
                addr4(6, 255, 32, 0, 239, 1, 2, 3))));
        v.put("add-gcm-v6", Hex.encode(msg(3, 0, 3, 2, 4242, sa(0x12345678, 32, 1, 0, 20), sa2(1, 42),
                lifetime(3, 0, 0, 3600, 0), lifetime(4, 0, 0, 3300, 0), addr6(5, 255, 128, 0, FD00_1),
                addr6(6, 255, 128, 0, FF3E_4D_1), key(9, 160, count(0, 20)))));
        v.put("update-cbc-sha1-v4", Hex.encode(msg(2, 0, 3, 3, 4242, sa(0x0c6f5040, 64, 1, 3, 12), sa2(1, 42),
                lifetime(3, 0, 0, 3600, 0), lifetime(4, 0, 0, 3300, 0), addr4(5, 255, 32, 0, 10, 0, 0, 1),
                addr4(6, 255, 32, 0, 239, 1, 2, 3), key(8, 160, count(0x20, 20)), key(9, 128, count(0, 16)))));
        v.put("delete-v4", Hex.encode(msg(4, 0, 3, 4, 4242, sa(0x0c6f5040, 0, 0, 0, 0), addr4(5, 255, 32, 0, 10, 0, 0, 1),
                addr4(6, 255, 32, 0, 239, 1, 2, 3))));
        v.put("flush-esp", Hex.encode(msg(9, 0, 3, 5, 4242)));
        v.put("dump-esp", Hex.encode(msg(10, 0, 3, 6, 4242)));
        v.put("register-esp", Hex.encode(msg(7, 0, 3, 7, 4242)));
        v.put("register-reply", Hex.encode(msg(7, 0, 3, 7, 4242,
                supported(14, new int[][] {{3, 0, 160, 160}, {5, 0, 256, 256}}),
                supported(15, new int[][] {{12, 8, 128, 256}, {20, 8, 160, 288}}))));
        v.put("expire-soft-v4", Hex.encode(msg(8, 0, 3, 0, 0, sa(0x0c6f5040, 64, 1, 3, 12),
                lifetime(2, 0, 1500, 1_795_000_000L, 0), lifetime(4, 0, 0, 3300, 0), addr4(5, 255, 32, 0, 10, 0, 0, 1),
                addr4(6, 255, 32, 0, 239, 1, 2, 3))));
        v.put("spdadd-out-v4", Hex.encode(msg(14, 0, 0, 8, 4242, addr4(5, 17, 32, 0, 10, 0, 0, 1),
                addr4(6, 17, 32, 5004, 239, 1, 2, 3), policy(2, true, 42))));
        v.put("spddelete-out-v4", Hex.encode(msg(15, 0, 0, 9, 4242, addr4(5, 17, 32, 0, 10, 0, 0, 1),
                addr4(6, 17, 32, 5004, 239, 1, 2, 3), policy(2, false, 0))));
        v.put("error-einval", Hex.encode(msg(1, 22, 3, 1, 4242)));
        return v;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", "hand-laid from RFC 2367 section 2.3 and linux/pfkeyv2.h (x86-64, little-endian; SPI and "
                + "ports in network order) by PfKeyVectorGenerator, field by field at fixed offsets, without the codec");
        out.put("vectors", vectors());
        Path p = Path.of(args.length > 0 ? args[0] : "src/test/resources/vectors/pfkey-hand.json");
        Files.writeString(p, new GsonBuilder().setPrettyPrinting().create().toJson(out) + "\n");
        System.out.println("wrote " + p + " " + vectors().keySet());
    }
}
