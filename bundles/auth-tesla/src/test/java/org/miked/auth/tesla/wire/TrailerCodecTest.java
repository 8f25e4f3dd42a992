package org.miked.auth.tesla.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.miked.auth.tesla.core.TeslaCrypto;
import org.miked.common.crypto.Ed25519;
import org.miked.common.crypto.Hex;
import org.miked.common.wire.DecodeException;

class TrailerCodecTest {
    private static Map<String, byte[]> fixed() {
        Map<String, byte[]> m = new HashMap<>();
        for (Object[] v : TeslaVectors.messages()) {
            m.put((String) v[0], (byte[]) v[1]);
        }
        return m;
    }

    @Test
    void everyKindRoundTripsWithItsSize() throws DecodeException {
        Map<String, byte[]> m = fixed();
        byte[][] k = TeslaVectors.chain();
        Trailer mac = TrailerCodec.decode(m.get("mac"));
        assertThat(mac.flags()).isEqualTo(TrailerCodec.FLAG_MAC);
        assertThat(mac.chainId()).isEqualTo(0x1234);
        assertThat(mac.interval()).isEqualTo(1);
        assertThat(mac.mac()).hasSize(10);
        assertThat(new String(mac.message(m.get("mac")), StandardCharsets.US_ASCII)).isEqualTo("MK rekey body");
        assertThat(m.get("mac")).hasSize(13 + TrailerCodec.overhead(false, 10)).hasSize(13 + 18);
        Trailer macKey = TrailerCodec.decode(m.get("mac-key"));
        assertThat(macKey.hasKey()).isTrue();
        assertThat(macKey.key()).isEqualTo(k[3]);
        assertThat(m.get("mac-key")).hasSize(13 + 34);
        assertThat(TrailerCodec.encode(macKey.message(m.get("mac-key")), macKey.chainId(), macKey.interval(), macKey.key(),
                macKey.mac())).isEqualTo(m.get("mac-key"));
        Trailer key = TrailerCodec.decode(m.get("key"));
        assertThat(key.flags()).isEqualTo(TrailerCodec.FLAG_KEY);
        assertThat(key.key()).isEqualTo(k[7]);
        assertThat(key.messageLength()).isZero();
        Trailer boot = TrailerCodec.decode(m.get("bootstrap"));
        Bootstrap b = boot.bootstrap();
        assertThat(b.commitIndex()).isEqualTo(2);
        assertThat(b.commitment()).isEqualTo(k[2]);
        assertThat(b.startMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(b.intervalMillis()).isEqualTo(100);
        assertThat(b.delayIntervals()).isEqualTo(2);
        assertThat(b.chainLength()).isEqualTo(8);
        assertThat(b.macBytes()).isEqualTo(10);
        assertThat(m.get("bootstrap")).hasSize(TrailerCodec.HEADER_BYTES + TrailerCodec.BOOTSTRAP_BYTES + 1).hasSize(110);
        assertThat(TrailerCodec.encodeBootstrap(new byte[0], boot.chainId(), boot.interval(), b)).isEqualTo(m.get("bootstrap"));
        byte[] signed = TrailerCodec.signedBytes(m.get("bootstrap"), boot);
        assertThat(Ed25519.verify(Hex.decode(TeslaVectors.RFC8032_PUBLIC), signed, 0, signed.length, b.signature())).isTrue();
    }

    @Test
    void fixedVectorsMatchTheCodecAndTheChain() throws Exception {
        JsonObject root;
        try (var in = getClass().getResourceAsStream("/vectors/tesla.json")) {
            root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        assertThat(Ed25519.publicOf(Hex.decode(TeslaVectors.RFC8032_SECRET)))
                .isEqualTo(Hex.decode(root.get("ed25519_public").getAsString()));
        TeslaCrypto c = new TeslaCrypto();
        byte[][] k = TeslaVectors.chain();
        int i = 0;
        for (JsonElement e : root.getAsJsonArray("chain")) {
            byte[] key = Hex.decode(e.getAsJsonObject().get("key").getAsString());
            assertThat(key).isEqualTo(k[i]);
            assertThat(Hex.decode(e.getAsJsonObject().get("mac_key").getAsString())).isEqualTo(c.fPrime(key));
            if (i > 0) {
                assertThat(c.f(key)).isEqualTo(k[i - 1]);
            }
            i++;
        }
        assertThat(i).isEqualTo(TeslaVectors.L + 1);
        Map<String, byte[]> expected = fixed();
        int n = 0;
        for (JsonElement e : root.getAsJsonArray("vectors")) {
            String name = e.getAsJsonObject().get("name").getAsString();
            byte[] hex = Hex.decode(e.getAsJsonObject().get("hex").getAsString());
            assertThat(hex).as(name).isEqualTo(expected.get(name));
            TrailerCodec.decode(hex);
            n++;
        }
        assertThat(n).isEqualTo(expected.size());
    }

    @Test
    void badFlagsMacLengthsAndBootstrapFieldsNameTheField() {
        byte[] good = fixed().get("mac-key");
        byte[] flags = good.clone();
        flags[13] = 7;
        assertThatThrownBy(() -> TrailerCodec.decode(flags)).isInstanceOf(DecodeException.class).hasMessageContaining("flags");
        byte[] shortMac = Hex.decode("ee" + "01" + "0001" + "00000009" + "aabbcc" + "0a"); // M with a 3-byte MAC
        assertThatThrownBy(() -> TrailerCodec.decode(shortMac)).hasMessageContaining("MAC length 3");
        byte[] boot = fixed().get("bootstrap");
        byte[] zeroT = boot.clone();
        Arrays.fill(zeroT, TrailerCodec.HEADER_BYTES + 28, TrailerCodec.HEADER_BYTES + 32, (byte) 0);
        assertThatThrownBy(() -> TrailerCodec.decode(zeroT)).hasMessageContaining("bootstrap.intervalMillis");
        byte[] bigJ = boot.clone();
        bigJ[TrailerCodec.HEADER_BYTES] = 1;
        assertThatThrownBy(() -> TrailerCodec.decode(bigJ)).hasMessageContaining("bootstrap.commitIndex");
        assertThatThrownBy(() -> TrailerCodec.encode(new byte[1], 1, 1, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fuzzedAndTruncatedInputsOnlyThrowDecodeException() {
        Random r = new Random(4082);
        int decoded = 0;
        for (byte[] base : fixed().values()) {
            for (int cut = 0; cut < base.length; cut++) {
                try {
                    TrailerCodec.decode(Arrays.copyOf(base, cut));
                    decoded++;
                } catch (DecodeException expected) {
                    // fine
                }
            }
            for (int k = 0; k < 5_000; k++) {
                byte[] b = base.clone();
                for (int f = 1 + r.nextInt(3); f > 0; f--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                try {
                    TrailerCodec.decode(b);
                    decoded++;
                } catch (DecodeException expected) {
                    // fine
                }
            }
        }
        for (int k = 0; k < 5_000; k++) {
            byte[] b = new byte[r.nextInt(200)];
            r.nextBytes(b);
            try {
                TrailerCodec.decode(b);
            } catch (DecodeException expected) {
                // fine
            }
        }
        assertThat(decoded).isPositive();
    }
}
