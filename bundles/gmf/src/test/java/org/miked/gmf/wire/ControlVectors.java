package org.miked.gmf.wire;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.miked.api.MemberId;
import org.miked.testkit.VectorFile;

/**
 * Generates src/test/resources/vectors/control-messages.json (argument: output path); verified by
 * {@link ControlCodecTest}. Fixed values, so the bytes are reproducible.
 */
public final class ControlVectors {
    private ControlVectors() {
    }

    /** @return name and message of every vector */
    static List<Object[]> cases() {
        byte[] tag = new byte[Control.Confirm.TAG_BYTES];
        for (int i = 0; i < tag.length; i++) {
            tag[i] = (byte) (0xa0 + i);
        }
        // 25 members: every position but 3 and 24 confirmed (bits 0-2 and 4-23)
        long have = ((1L << 25) - 1) & ~(1L << 3) & ~(1L << 24);
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {"START run 5 base 9 [s01, s02]",
            new Control.Start(5, 9, List.of(MemberId.of("s01"), MemberId.of("s02")))});
        out.add(new Object[] {"HELLO run 5 epoch 9 keyed next switch at 1700000005000 active 8",
            new Control.Hello(5, 9, Control.Hello.KEYED, 1_700_000_005_000L, 8)});
        out.add(new Object[] {"EPOCH run 5 epoch 10 next switch at 1700000005000 active 8",
            new Control.Epoch(5, 10, 1_700_000_005_000L, 8)});
        out.add(new Object[] {"BYE run 5", new Control.Bye(5)});
        out.add(new Object[] {"CONFIRM run 5 n 2 have {0}", new Control.Confirm(5, 2, 1, tag)});
        out.add(new Object[] {"CONFIRM run 1700000000000 n 25 have all but 3 and 24",
            new Control.Confirm(1_700_000_000_000L, 25, have, tag)});
        return out;
    }

    public static void main(String[] args) throws Exception {
        List<Object[]> named = new ArrayList<>();
        for (Object[] c : cases()) {
            named.add(new Object[] {c[0], ControlCodec.encode((Control) c[1])});
        }
        JsonArray vs = VectorFile.named(named);
        JsonObject root = VectorFile.root("MIKED GMF ControlCodec (layout and CONFIRM bit diagram in its Javadoc,"
                + " docs/gmf-contract.md); tag bytes a0..af are placeholders, not a MAC", ControlVectors.class);
        root.add("vectors", vs);
        VectorFile.write(root, args, "src/test/resources/vectors/control-messages.json");
    }
}
