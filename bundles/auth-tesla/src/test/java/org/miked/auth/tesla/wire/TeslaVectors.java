package org.miked.auth.tesla.wire;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.miked.auth.tesla.core.TeslaCrypto;
import org.miked.common.crypto.Ed25519;
import org.miked.common.crypto.Hex;
import org.miked.testkit.VectorFile;

/**
 * Generates {@code src/test/resources/vectors/tesla.json}: a chain of L = 8 keys from the seed
 * {@code 000102..0f} with its MAC keys, and one sealed message of each trailer kind (M, M|K, K, B) under it.
 * The bootstrap is signed with the RFC 8032 section 7.1 TEST 1 Ed25519 key, so the vector also pins the
 * signed bytes (Ed25519 signatures are deterministic). Run {@code main} from the module directory after a
 * deliberate format change and commit the result.
 */
public final class TeslaVectors {
    /** RFC 8032 7.1 TEST 1 secret and public key. */
    static final String RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final int CHAIN_ID = 0x1234;
    static final int L = 8;
    static final int D = 2;
    static final int MAC_BYTES = 10;

    private TeslaVectors() {
    }

    /** @return K_0 .. K_L: K_L = 000102..0f, K_i = F(K_{i+1}) */
    static byte[][] chain() {
        TeslaCrypto c = new TeslaCrypto();
        byte[][] k = new byte[L + 1][];
        k[L] = Hex.decode("000102030405060708090a0b0c0d0e0f");
        for (int i = L - 1; i >= 0; i--) {
            k[i] = c.f(k[i + 1]);
        }
        return k;
    }

    /** @return (name, sealed) pairs */
    static List<Object[]> messages() {
        TeslaCrypto c = new TeslaCrypto();
        byte[][] k = chain();
        byte[] m = "MK rekey body".getBytes(StandardCharsets.US_ASCII);
        byte[] mac1 = c.mac(c.fPrime(k[1]), CHAIN_ID, 1, m, m.length, MAC_BYTES);
        byte[] mac5 = c.mac(c.fPrime(k[5]), CHAIN_ID, 5, m, m.length, MAC_BYTES);
        Bootstrap b = new Bootstrap(2, k[2], 1_700_000_000_000L, 100, D, L, MAC_BYTES, new byte[0]);
        byte[] tbs = TrailerCodec.toBeSigned(new byte[0], CHAIN_ID, 2, b);
        byte[] sig = Ed25519.sign(Hex.decode(RFC8032_SECRET), tbs, 0, tbs.length);
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {"mac", TrailerCodec.encode(m, CHAIN_ID, 1, null, mac1)});
        out.add(new Object[] {"mac-key", TrailerCodec.encode(m, CHAIN_ID, 5, k[5 - D], mac5)});
        out.add(new Object[] {"key", TrailerCodec.encode(new byte[0], CHAIN_ID, 7 + D, k[7], null)});
        out.add(new Object[] {"bootstrap", TrailerCodec.encodeBootstrap(new byte[0], CHAIN_ID, 2, b.withSignature(sig))});
        return out;
    }

    public static void main(String[] args) throws IOException {
        JsonObject root = VectorFile.root("auth-tesla TrailerCodec and TeslaCrypto (docs/auth-tesla.md); bootstrap "
                + "signed with the RFC 8032 section 7.1 TEST 1 key", TeslaVectors.class);
        root.addProperty("ed25519_public", RFC8032_PUBLIC);
        JsonArray keys = new JsonArray();
        TeslaCrypto c = new TeslaCrypto();
        for (byte[] k : chain()) {
            JsonObject o = new JsonObject();
            o.addProperty("key", Hex.encode(k));
            o.addProperty("mac_key", Hex.encode(c.fPrime(k)));
            keys.add(o);
        }
        root.add("chain", keys);
        root.add("vectors", VectorFile.named(messages()));
        VectorFile.write(root, args, "src/test/resources/vectors/tesla.json");
    }
}
