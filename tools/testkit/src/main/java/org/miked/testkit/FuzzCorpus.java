package org.miked.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Seed corpora of the Jazzer fuzz tests (docs/fuzzing.md): each module's {@code FuzzCorpusGenerator} lists
 * valid encodings per fuzz test; this writes them as {@code seed-<name>} files into Jazzer's inputs
 * directories ({@code src/test/resources/<package>/<Class>Inputs/<method>/}) and checks that the committed
 * files are current. Other files there (crash inputs kept as regression tests) are left alone.
 */
public final class FuzzCorpus {
    /** System property that switches a generator from checking to writing ({@code ./miked fuzz corpus}). */
    public static final String GENERATE = "miked.fuzz.generate";

    private FuzzCorpus() {
    }

    /**
     * Replaces the {@code seed-*} files of each directory.
     *
     * @param root the package's resource directory, e.g. {@code src/test/resources/org/miked/gmf/wire}
     * @param seeds inputs directory ({@code <Class>Inputs/<method>}) to (name, bytes) pairs
     * @throws IOException if a file cannot be written
     */
    public static void write(Path root, Map<String, List<Object[]>> seeds) throws IOException {
        for (var e : seeds.entrySet()) {
            Path dir = root.resolve(e.getKey());
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith("seed-")).toList()) {
                    Files.delete(p);
                }
            }
            for (Object[] s : e.getValue()) {
                Files.write(dir.resolve("seed-" + s[0]), (byte[]) s[1]);
            }
        }
    }

    /**
     * @param root as for {@link #write}
     * @param seeds as for {@link #write}
     * @throws AssertionError naming the first seed that is missing or differs (the corpus is stale)
     * @throws IOException if a file cannot be read
     */
    public static void check(Path root, Map<String, List<Object[]>> seeds) throws IOException {
        for (var e : seeds.entrySet()) {
            for (Object[] s : e.getValue()) {
                Path p = root.resolve(e.getKey()).resolve("seed-" + s[0]);
                if (!Files.isRegularFile(p) || !Arrays.equals(Files.readAllBytes(p), (byte[]) s[1])) {
                    throw new AssertionError(p + " is missing or stale: after a wire change run ./miked fuzz corpus"
                            + " and commit the seeds");
                }
            }
        }
    }
}
