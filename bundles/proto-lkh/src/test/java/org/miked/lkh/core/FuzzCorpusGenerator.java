package org.miked.lkh.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.miked.testkit.FuzzBodies;
import org.miked.testkit.FuzzCorpus;
import org.miked.lkh.wire.LkhCodec;

/**
 * Seed corpus of this package's fuzz tests: valid encodings, written to Jazzer's inputs directories under
 * {@code src/test/resources/org/miked/lkh/core} ({@code <Class>Inputs/<method>/seed-*}). After a wire change run {@code ./miked fuzz corpus}
 * and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator {
    static final Path RESOURCES = Path.of("src/test/resources/org/miked/lkh/core");

    /**
     * Client seeds: the bodies r00002 receives in the fuzz test's own scenario (welcome, rekeys, heartbeats),
     * one per seed and all in order; server seeds: what a receiver may send (register, leaves, repair requests, refreshes).
     */
    static Map<String, List<Object[]>> seeds() {
        List<byte[]> got = new ArrayList<>();
        LkhClientFuzzTest.keyedGroup(new ArrayList<>(), got);
        List<Object[]> client = new ArrayList<>();
        for (int i = 0; i < got.size() && i < 12; i++) {
            client.add(new Object[] {String.format("%02d-type%d", i, got.get(i)[0] & 0xff), FuzzBodies.join(List.of(got.get(i)))});
        }
        client.add(new Object[] {"all-in-order", FuzzBodies.join(got.subList(0, Math.min(got.size(), FuzzBodies.MAX)))});
        byte[] pub = new byte[32];
        pub[0] = 9;
        List<Object[]> server = new ArrayList<>();
        server.add(new Object[] {"register", FuzzBodies.join(List.of(LkhCodec.register(pub)))});
        for (int leaf = 0; leaf < 4; leaf++) {
            server.add(new Object[] {"leave-leaf" + leaf, FuzzBodies.join(List.of(LkhCodec.leave(leaf, 1)))});
            server.add(new Object[] {"repair-leaf" + leaf, FuzzBodies.join(List.of(LkhCodec.repairRequest(leaf, 1, 1, 1)))});
            server.add(new Object[] {"refresh-leaf" + leaf, FuzzBodies.join(List.of(LkhCodec.refresh(leaf, 1, 1)))});
        }
        server.add(new Object[] {"leave-then-register", FuzzBodies.join(List.of(LkhCodec.leave(2, 1), LkhCodec.register(pub)))});
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        out.put("LkhClientFuzzTestInputs/hostileServerBodies", client);
        out.put("LkhServerFuzzTestInputs/hostileReceiverBodies", server);
        return out;
    }

    @Test
    @DisabledIfSystemProperty(named = FuzzCorpus.GENERATE, matches = "true")
    void committedSeedsAreCurrent() throws IOException {
        FuzzCorpus.check(RESOURCES, seeds());
    }

    @Test
    @EnabledIfSystemProperty(named = FuzzCorpus.GENERATE, matches = "true")
    void generate() throws IOException {
        FuzzCorpus.write(RESOURCES, seeds());
    }
}
