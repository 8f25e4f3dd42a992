package org.miked.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written check accepts exactly what the documented patterns accept. */
class NamesTest {
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Test
    void agreesWithThePatternsOnRandomAndEdgeStrings() {
        SplittableRandom r = new SplittableRandom(9);
        String alphabet = "aZ09._-:/ @\u00e9\u0000";
        for (int i = 0; i < 20_000; i++) {
            int n = r.nextInt(70);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < n; k++) {
                b.append(r.nextInt(4) == 0 ? alphabet.charAt(r.nextInt(alphabet.length())) : (char) (32 + r.nextInt(95)));
            }
            String s = b.toString();
            assertThat(Names.valid(s, false)).as("group %s", s).isEqualTo(GROUP.matcher(s).matches());
            assertThat(Names.valid(s, true)).as("member %s", s).isEqualTo(MEMBER.matcher(s).matches());
        }
        assertThat(Names.valid("a".repeat(64), false)).isTrue();
        assertThat(Names.valid("a".repeat(65), false)).isFalse();
        assertThat(Names.valid("", true)).isFalse();
        assertThat(Names.valid("fd00::1", true)).isTrue();
        assertThat(Names.valid("fd00::1", false)).isFalse();
    }
}
