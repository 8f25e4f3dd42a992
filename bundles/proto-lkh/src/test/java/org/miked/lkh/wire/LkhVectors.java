package org.miked.lkh.wire;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.List;
import org.miked.common.crypto.Hex;
import org.miked.testkit.VectorFile;

/**
 * Generates {@code src/test/resources/vectors/lkh-messages.json}: one fixed instance of every message
 * type. Wrapped keys are the RFC 3394 section 4.1 (128-bit KEK, 128-bit key) and 4.6 (256-bit KEK, 256-bit
 * key) test vectors, so the vectors also pin the wrap format. Run {@code main} from the module directory
 * after a deliberate format change and commit the result.
 */
public final class LkhVectors {
    /** RFC 3394 4.1: KEK 000102..0f wraps 00112233..ff. */
    static final String RFC3394_41_KEK = "000102030405060708090a0b0c0d0e0f";
    static final String RFC3394_41_KEY = "00112233445566778899aabbccddeeff";
    static final String RFC3394_41_WRAP = "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5";
    /** RFC 3394 4.6: KEK 000102..1f wraps 00112233..0f (256-bit). */
    static final String RFC3394_46_KEK = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String RFC3394_46_KEY = "00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f";
    static final String RFC3394_46_WRAP = "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21";

    private LkhVectors() {
    }

    /** @return (name, body) pairs of the fixed messages */
    static List<Object[]> messages() {
        byte[] w24 = Hex.decode(RFC3394_41_WRAP);
        byte[] w40 = Hex.decode(RFC3394_46_WRAP);
        byte[] pub = new byte[32];
        for (int i = 0; i < 32; i++) {
            pub[i] = (byte) (0xa0 + i);
        }
        // a leave at leaf 5 of a degree-4 tree of height 2, rekey 7 of epoch 3
        KeyMessage rekey = new KeyMessage(LkhCodec.REKEY, 4, 0, 1, 7, 3, 0, 15, new byte[0], List.of(
                new WrapEntry(WrapEntry.Kind.PARENT, 4, 2, 7, w24),
                new WrapEntry(WrapEntry.Kind.PARENT, 6, 2, 7, w24),
                new WrapEntry(WrapEntry.Kind.PARENT, (1 << 24) | 1, 7, 7, w24),
                new WrapEntry(WrapEntry.Kind.SELF, (1 << 24) | 2, 5, 7, w24),
                new WrapEntry(WrapEntry.Kind.EPOCH, 2 << 24, 7, 0, w40)));
        KeyMessage welcome = new KeyMessage(LkhCodec.WELCOME, 4, 0, 1, 7, 3, 9, 9, pub, List.of(
                new WrapEntry(WrapEntry.Kind.INDIVIDUAL, 9, 0, 7, w24),
                new WrapEntry(WrapEntry.Kind.PARENT, 9, 7, 7, w24),
                new WrapEntry(WrapEntry.Kind.PARENT, (1 << 24) | 2, 7, 7, w24),
                new WrapEntry(WrapEntry.Kind.EPOCH, 2 << 24, 7, 0, w40)));
        KeyMessage keys = new KeyMessage(LkhCodec.KEYS, 4, 0, 1, 8, 4, 9, 9, new byte[0], List.of(
                new WrapEntry(WrapEntry.Kind.PARENT, 9, 7, 8, w24),
                new WrapEntry(WrapEntry.Kind.PARENT, (1 << 24) | 2, 8, 6, w24),
                new WrapEntry(WrapEntry.Kind.EPOCH, 2 << 24, 6, 0, w40)));
        KeyMessage repair = new KeyMessage(LkhCodec.REPAIR, 8, 2, 3, 1000, 77, 64, 127, new byte[0], List.of(
                new WrapEntry(WrapEntry.Kind.PARENT, 64, 1, 999, w24),
                new WrapEntry(WrapEntry.Kind.EPOCH, 3 << 24, 1000, 0, w40)));
        return List.of(
                new Object[] {"register", LkhCodec.register(pub)},
                new Object[] {"leave", LkhCodec.leave(9, 7)},
                new Object[] {"repair-request", LkhCodec.repairRequest(9, 7, 3, 7)},
                new Object[] {"refuse", LkhCodec.refuse(LkhCodec.REFUSED, LkhCodec.REGISTER, LkhCodec.registerBinding(pub),
                        "r00009 is excluded by policy")},
                new Object[] {"heartbeat", LkhCodec.heartbeat(4, 7, 3)},
                new Object[] {"rekey", LkhCodec.encode(rekey)},
                new Object[] {"welcome", LkhCodec.encode(welcome)},
                new Object[] {"keys", LkhCodec.encode(keys)},
                new Object[] {"repair", LkhCodec.encode(repair)},
                new Object[] {"refuse-unknown", LkhCodec.refuse(LkhCodec.UNKNOWN, LkhCodec.REPAIR_REQ,
                        LkhCodec.repairBinding(9, 7), "not a member")},
                new Object[] {"refresh", LkhCodec.refresh(9, 7, 3)},
                new Object[] {"refresh-ack", LkhCodec.refreshAck(9, 7, 3)},
                new Object[] {"refuse-unknown-refresh", LkhCodec.refuse(LkhCodec.UNKNOWN, LkhCodec.REFRESH,
                        LkhCodec.repairBinding(9, 7), "not a member")});
    }

    public static void main(String[] args) throws IOException {
        JsonObject root = VectorFile.root("proto-lkh LkhCodec (docs/proto-lkh.md); wraps are RFC 3394 sections 4.1 and"
                + " 4.6", LkhVectors.class);
        root.addProperty("rfc3394_4_1", RFC3394_41_KEK + " wraps " + RFC3394_41_KEY + " = " + RFC3394_41_WRAP);
        root.addProperty("rfc3394_4_6", RFC3394_46_KEK + " wraps " + RFC3394_46_KEY + " = " + RFC3394_46_WRAP);
        root.add("vectors", VectorFile.named(messages()));
        VectorFile.write(root, args, "src/test/resources/vectors/lkh-messages.json");
    }
}
