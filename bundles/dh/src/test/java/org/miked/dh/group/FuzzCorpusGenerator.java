package org.miked.dh.group;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.miked.testkit.FuzzCorpus;
import java.math.BigInteger;

/**
 * Seed corpus of this package's fuzz tests: valid encodings, written to Jazzer's inputs directories under
 * {@code src/test/resources/org/miked/dh/group} ({@code <Class>Inputs/<method>/seed-*}). After a wire change run {@code ./miked fuzz corpus}
 * and commit the result; crash inputs ({@code crash-*}) are kept.
 */
class FuzzCorpusGenerator {
    static final Path RESOURCES = Path.of("src/test/resources/org/miked/dh/group");

    static Map<String, List<Object[]>> seeds() {
        List<Object[]> el = new ArrayList<>();
        for (DhGroup g : DhGroups.all()) {
            int sel = DhGroups.all().indexOf(g);
            for (long k : new long[] {1, 2, 0x1234_5678_9abcL}) {
                el.add(new Object[] {g.name() + "-g" + k, withSelector(sel, g.expGenerator(BigInteger.valueOf(k)).encoded())});
            }
            // rejected ones next to the boundaries: the identity and (for FFDHE) p - 1
            el.add(new Object[] {g.name() + "-identity", withSelector(sel, g.identity().encoded())});
            el.add(new Object[] {g.name() + "-raw-short", withSelector(0x80 | sel, new byte[] {2, 1, 2, 3})});
        }
        BigInteger p = DhGroups.byName("ffdhe2048").order().shiftLeft(1).add(BigInteger.ONE);
        el.add(new Object[] {"ffdhe2048-p-minus-1", withSelector(1,
                org.bouncycastle.util.BigIntegers.asUnsignedByteArray(256, p.subtract(BigInteger.ONE)))});
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        out.put("DhElementFuzzTestInputs/decode", el);
        return out;
    }

    private static byte[] withSelector(int selector, byte[] element) {
        byte[] out = new byte[element.length + 1];
        out[0] = (byte) selector;
        System.arraycopy(element, 0, out, 1, element.length);
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
