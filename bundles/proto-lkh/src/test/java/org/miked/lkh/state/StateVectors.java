package org.miked.lkh.state;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.runtime.RandomSource;
import org.miked.common.crypto.Hex;
import org.miked.common.crypto.Hkdf;
import org.miked.testkit.VectorFile;

/**
 * Generates {@code src/test/resources/vectors/lkh-state.json}: one key-server state record (docs/proto-lkh.md
 * "State file"): its body, the seal key and key check value derived from a fixed signing key, and the sealed
 * record with a fixed nonce. Run {@code main} from the module directory after a deliberate format change and
 * commit the result.
 */
public final class StateVectors {
    static final GroupId GROUP = GroupId.of("trial");
    static final MemberId SERVER = MemberId.of("s01");
    /** The RFC 8032 section 7.1 test 1 Ed25519 secret key, as the host's signing key. */
    static final String SIGNING_KEY = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String NONCE = "000102030405060708090a0b";

    private StateVectors() {
    }

    /** @return a small tree: degree 4, height 2, a normal receiver on leaf 0, an EMCON one on leaf 4 */
    static ServerState state() {
        return new ServerState(4, 2, 17, 17 + 1024, 99, 5,
                List.of(new ServerState.Receiver(MemberId.of("r00001"), false, 0, 3, 12, filled(16, 0x11)),
                        new ServerState.Receiver(MemberId.of("r00002"), true, 4, 17, 0, filled(16, 0x22))),
                new int[] {1 << 24, 1 << 24 | 1, 2 << 24}, new long[] {3, 17, 17}, filled(48, 0x33));
    }

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    /** @return a nonce source that gives {@link #NONCE} */
    static RandomSource fixedNonce() {
        return new RandomSource() {
            @Override
            public void nextBytes(byte[] out) {
                System.arraycopy(Hex.decode(NONCE), 0, out, 0, out.length);
            }

            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int bound) {
                throw new UnsupportedOperationException();
            }
        };
    }

    static byte[] sealKey() {
        return Hkdf.derive(Hex.decode(SIGNING_KEY), new byte[0], "miked lkh state", 32, GROUP.name(), SERVER.id());
    }

    static byte[] keyCheck() {
        return Hkdf.derive(Hex.decode(SIGNING_KEY), new byte[0], "miked lkh state check", 8, GROUP.name(), SERVER.id());
    }

    static byte[] record() {
        return new StateSealer(GROUP, SERVER, Hex.decode(SIGNING_KEY), fixedNonce()).seal(ServerStateCodec.encode(state()));
    }

    public static void main(String[] args) throws IOException {
        JsonObject root = VectorFile.root("proto-lkh ServerStateCodec and StateSealer (docs/proto-lkh.md, \"State file\");"
                + " signing key = RFC 8032 7.1 test 1 secret key; seal key = HKDF-SHA256(signing key, salt empty,"
                + " info \"miked lkh state\" 00 \"trial\" 00 \"s01\", 32); key check = the same with label"
                + " \"miked lkh state check\", 8 bytes", StateVectors.class);
        root.addProperty("signingKey", SIGNING_KEY);
        root.addProperty("group", GROUP.name());
        root.addProperty("server", SERVER.id());
        root.addProperty("sealKey", Hex.encode(sealKey()));
        root.addProperty("keyCheck", Hex.encode(keyCheck()));
        root.addProperty("nonce", NONCE);
        root.add("vectors", VectorFile.named(List.of(new Object[] {"body", ServerStateCodec.encode(state())},
                new Object[] {"record", record()})));
        VectorFile.write(root, args, "src/test/resources/vectors/lkh-state.json");
    }
}
