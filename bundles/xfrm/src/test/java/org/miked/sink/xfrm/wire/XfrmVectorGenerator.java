package org.miked.sink.xfrm.wire;

import com.google.gson.GsonBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.miked.common.crypto.Hex;

/**
 * Writes {@code src/test/resources/vectors/xfrm-hand.json}: kernel messages laid out by hand, field by
 * field at the offsets of the struct definitions in linux/xfrm.h and linux/netlink.h (x86-64), with
 * a plain ByteBuffer and none of the codec's code. Run its main to regenerate; the test reads the file.
 */
public final class XfrmVectorGenerator {
    private XfrmVectorGenerator() {
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void nlhdr(ByteBuffer b, int len, int type, int flags, int seq, int pid) {
        b.putInt(0, len).putShort(4, (short) type).putShort(6, (short) flags).putInt(8, seq).putInt(12, pid);
    }

    /** xfrm_usersa_info at o: 10.0.0.1 -> 239.1.2.3, SPI 0x12345678, ESP, transport, given lifetimes. */
    private static void usersa(ByteBuffer b, int o, int spi, long soft, long hard, long addTime) {
        // selector: daddr 239.1.2.3/32, saddr 10.0.0.1/32, dport 5004/0xffff, family AF_INET, proto UDP
        b.put(o, (byte) 239).put(o + 1, (byte) 1).put(o + 2, (byte) 2).put(o + 3, (byte) 3);
        b.put(o + 16, (byte) 10).put(o + 19, (byte) 1);
        b.put(o + 32, (byte) 0x13).put(o + 33, (byte) 0x8c).put(o + 34, (byte) 0xff).put(o + 35, (byte) 0xff);
        b.putShort(o + 40, (short) 2).put(o + 42, (byte) 32).put(o + 43, (byte) 32).put(o + 44, (byte) 17);
        // id: daddr 239.1.2.3, spi (network order), proto ESP
        b.put(o + 56, (byte) 239).put(o + 57, (byte) 1).put(o + 58, (byte) 2).put(o + 59, (byte) 3);
        b.order(ByteOrder.BIG_ENDIAN).putInt(o + 72, spi).order(ByteOrder.LITTLE_ENDIAN);
        b.put(o + 76, (byte) 50);
        b.put(o + 80, (byte) 10).put(o + 83, (byte) 1); // saddr
        for (int i = 0; i < 4; i++) {
            b.putLong(o + 96 + 8 * i, -1L); // byte and packet limits: XFRM_INF
        }
        b.putLong(o + 128, soft).putLong(o + 136, hard);
        b.putLong(o + 160 + 16, addTime); // curlft.add_time
        b.putInt(o + 208, 42); // reqid
        b.putShort(o + 212, (short) 2).put(o + 214, (byte) 0).put(o + 215, (byte) 64);
    }

    static Map<String, String> vectors() {
        Map<String, String> v = new LinkedHashMap<>();
        // ALLOCSPI request: header + xfrm_userspi_info (224 + min + max) = 16 + 232 = 248
        ByteBuffer a = le(248);
        nlhdr(a, 248, 0x16, 0x5, 7, 0);
        usersa(a, 16, 0, 0, 0, 0);
        a.putInt(16 + 224, 0x100).putInt(16 + 228, 0x7fffffff);
        v.put("allocspi-request", Hex.encode(a.array()));
        // the kernel's answer: NEWSA carrying the larval SA with the SPI it chose, no attributes
        ByteBuffer n = le(240);
        nlhdr(n, 240, 0x10, 0, 7, 0);
        usersa(n, 16, 0x0c6f5040, 0, 0, 1_795_000_000L);
        v.put("allocspi-reply-newsa", Hex.encode(n.array()));
        // EXPIRE notification: xfrm_user_expire = usersa_info + u8 hard + 7 pad = 232; 16 + 232 = 248
        ByteBuffer e = le(248);
        nlhdr(e, 248, 0x18, 0, 0, 0);
        usersa(e, 16, 0x12345678, 3300, 3600, 1_795_000_000L);
        e.put(16 + 224, (byte) 1);
        v.put("expire-hard", Hex.encode(e.array()));
        // ACK: NLMSG_ERROR with error 0 and the request header echoed (CAPPED: no payload)
        ByteBuffer k = le(36);
        nlhdr(k, 36, 2, 0x100, 9, 4242);
        k.putInt(16, 0);
        k.putInt(20, 60).putShort(24, (short) 0x11).putShort(26, (short) 5).putInt(28, 9).putInt(32, 4242);
        v.put("ack-delsa", Hex.encode(k.array()));
        // refusal with extended ACK: -EPROTONOSUPPORT (93), CAPPED | ACK_TLVS, message attribute (type 1)
        byte[] text = "Requested type not found\0".getBytes(StandardCharsets.US_ASCII); // 25 bytes
        int attrLen = 4 + text.length; // 29, padded to 32
        int total = 16 + 4 + 16 + 32;
        ByteBuffer r = le(total);
        nlhdr(r, total, 2, 0x300, 11, 4242);
        r.putInt(16, -93);
        r.putInt(20, 436).putShort(24, (short) 0x10).putShort(26, (short) 0x605).putInt(28, 11).putInt(32, 4242);
        r.putShort(36, (short) attrLen).putShort(38, (short) 1);
        r.position(40);
        r.put(text);
        v.put("error-eprotonosupport-extack", Hex.encode(r.array()));
        return v;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", "hand-laid from the struct definitions in linux/xfrm.h and linux/netlink.h (x86-64, "
                + "little-endian) by XfrmVectorGenerator, field by field at fixed offsets, without the codec");
        out.put("vectors", vectors());
        Path p = Path.of(args.length > 0 ? args[0] : "src/test/resources/vectors/xfrm-hand.json");
        Files.writeString(p, new GsonBuilder().setPrettyPrinting().create().toJson(out) + "\n");
        System.out.println("wrote " + p + " " + List.copyOf(vectors().keySet()));
    }
}
