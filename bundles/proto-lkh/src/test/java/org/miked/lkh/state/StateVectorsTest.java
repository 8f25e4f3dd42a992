package org.miked.lkh.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.miked.common.crypto.Hex;

/**
 * The committed state-record vectors ({@code vectors/lkh-state.json}, generator {@link StateVectors}) are what
 * the code writes and reads, and the sealed record opens with Bouncy Castle's own AES-GCM under the documented
 * key and associated data: the format does not depend on the JCA provider.
 */
class StateVectorsTest {
    @Test
    void theCommittedVectorsAreWhatTheCodeWritesAndReads() throws Exception {
        JsonObject root;
        try (var in = getClass().getResourceAsStream("/vectors/lkh-state.json")) {
            root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        Map<String, byte[]> v = new HashMap<>();
        for (JsonElement e : root.getAsJsonArray("vectors")) {
            v.put(e.getAsJsonObject().get("name").getAsString(), Hex.decode(e.getAsJsonObject().get("hex").getAsString()));
        }
        assertThat(root.get("sealKey").getAsString()).isEqualTo(Hex.encode(StateVectors.sealKey()));
        assertThat(root.get("keyCheck").getAsString()).isEqualTo(Hex.encode(StateVectors.keyCheck()));
        assertThat(v.get("body")).isEqualTo(ServerStateCodec.encode(StateVectors.state()));
        assertThat(v.get("record")).isEqualTo(StateVectors.record());

        byte[] rec = v.get("record");
        StateSealer sealer = new StateSealer(StateVectors.GROUP, StateVectors.SERVER, Hex.decode(StateVectors.SIGNING_KEY),
                StateVectors.fixedNonce());
        ServerState back = ServerStateCodec.decode(sealer.open(rec));
        assertThat(back.seq()).isEqualTo(17);
        assertThat(back.receivers()).extracting(r -> r.id().id()).containsExactly("r00001", "r00002");

        // the layout by hand: magic, format, group, server, key check, nonce, body length, then GCM
        int ad = 4 + 1 + 1 + 5 + 1 + 3 + 8 + 12 + 4;
        assertThat(Arrays.copyOfRange(rec, 0, 4)).isEqualTo("MKST".getBytes(StandardCharsets.US_ASCII));
        assertThat(Arrays.copyOfRange(rec, 15, 23)).isEqualTo(StateVectors.keyCheck());
        assertThat(Hex.encode(Arrays.copyOfRange(rec, 23, 35))).isEqualTo(StateVectors.NONCE);
        org.bouncycastle.crypto.modes.GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(false, new AEADParameters(new KeyParameter(StateVectors.sealKey()), 128,
                Hex.decode(StateVectors.NONCE), Arrays.copyOfRange(rec, 0, ad)));
        byte[] out = new byte[gcm.getOutputSize(rec.length - ad)];
        int n = gcm.processBytes(rec, ad, rec.length - ad, out, 0);
        n += gcm.doFinal(out, n);
        assertThat(Arrays.copyOf(out, n)).as("Bouncy Castle opens it").isEqualTo(v.get("body"));
    }
}
