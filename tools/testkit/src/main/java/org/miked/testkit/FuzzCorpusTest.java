package org.miked.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What every module's {@code FuzzCorpusGenerator} does with its seeds ({@link FuzzCorpus}): in a normal
 * test run it checks that the committed seed files are current; with {@code -Dmiked.fuzz.generate=true}
 * ({@code ./miked fuzz corpus}) it writes them. A generator only says where and what.
 */
public abstract class FuzzCorpusTest {
    private final Path resources;

    /** @param resources the package's test resource directory, e.g. {@code src/test/resources/org/miked/gmf/wire} */
    protected FuzzCorpusTest(Path resources) {
        this.resources = resources;
    }

    /** @return inputs directory ({@code <Class>Inputs/<method>}) to (name, bytes) seeds */
    protected abstract Map<String, List<Object[]>> corpus();

    @Test
    @DisabledIfSystemProperty(named = FuzzCorpus.GENERATE, matches = "true")
    public void committedSeedsAreCurrent() throws IOException {
        FuzzCorpus.check(resources, corpus());
    }

    @Test
    @EnabledIfSystemProperty(named = FuzzCorpus.GENERATE, matches = "true")
    public void generate() throws IOException {
        FuzzCorpus.write(resources, corpus());
    }
}
