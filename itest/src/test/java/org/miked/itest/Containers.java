package org.miked.itest;

import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackage;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * The Felix container every integration test starts: the runtime we ship (run-configs/sim.bndrun) plus
 * Pax Exam's own bundles, all provisioned from {@code target/bundles} with {@code file:} URLs (the
 * dependency plugin copies them there at pre-integration-test), so no {@code mvn:} URL is resolved at test
 * time. Runs in the Failsafe JVM ({@code @Configuration} methods) and inside the probe (constants only).
 *
 * <pre>
 *   start level 2   target/bundles/exam/*.jar     Pax Exam, swissbox, ops4j base, inject, pax-logging-api, JUnit
 *   start level 3   target/bundles/runtime/*.jar  Felix SCR, Config Admin, Metatype, FileInstall, Gogo runtime,
 *                                                  Bouncy Castle, Gson, every MIKED bundle (minus exclusions)
 *   start level 5   the probe (this module's test classes); the framework's start level
 *   start level 1   bundles FileInstall installs from the watched directory
 * </pre>
 */
public final class Containers {
    /** Start level of Pax Exam's bundles (Pax Exam's START_LEVEL_SYSTEM_BUNDLES). */
    static final int EXAM_LEVEL = 2;
    /** Start level of the runtime bundles (Pax Exam's START_LEVEL_DEFAULT_PROVISION). */
    static final int RUNTIME_LEVEL = 3;
    /** Start level the framework is raised to; the probe is installed at this level. */
    static final int FRAMEWORK_LEVEL = 5;
    /** Framework property naming the directory FileInstall watches. */
    public static final String LOAD_DIR = "felix.fileinstall.dir";
    /** File name of the LKH bundle in target/bundles/runtime (the hot-deploy test withholds it). */
    public static final String LKH_JAR = "proto-lkh.jar";
    /** System property naming the directory with the copied bundles. */
    public static final String BUNDLES_PROPERTY = "itest.bundles";

    private Containers() {
    }

    /** @return the directory the dependency plugin copied the bundles to */
    public static Path bundles() {
        Path p = Path.of(System.getProperty(BUNDLES_PROPERTY, "target/bundles")).toAbsolutePath();
        if (!Files.isDirectory(p.resolve("runtime")) || !Files.isDirectory(p.resolve("exam"))) {
            throw new IllegalStateException("no bundles in " + p + ": run through Maven (mvn -pl itest verify), "
                    + "whose pre-integration-test phase copies them");
        }
        return p;
    }

    /**
     * @param name the test class's simple name (one container per class)
     * @param withoutJars file names in target/bundles/runtime not to provision
     * @return options of a container with the MIKED runtime whose FileInstall watches a fresh, empty
     *     directory {@code target/paxexam/<name>/load}
     */
    public static Option[] miked(String name, String... withoutJars) {
        Path work = Path.of(System.getProperty("itest.work", "target/paxexam")).toAbsolutePath().resolve(name);
        Path load = fresh(work.resolve("load"));
        List<Option> o = new ArrayList<>();
        o.add(workingDirectory(work.resolve("exam").toString()));
        o.add(cleanCaches(true));
        o.add(bootDelegationPackage("sun.*"));
        o.add(frameworkStartLevel(FRAMEWORK_LEVEL));
        // the JUnit 4 invoker runs the test methods inside the framework (what junitBundles() would set)
        o.add(systemProperty("pax.exam.invoker").value("junit"));
        // pax-logging-api routes java.util.logging, and so the bundles' System.Logger lines, to its default
        // log on stdout (target/failsafe-reports/*-output.txt); -Ditest.log.level=DEBUG shows simulated hosts
        o.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level")
                .value(System.getProperty("itest.log.level", "INFO")));
        // FileInstall as in run-configs/shared.bnd, on a private directory; start level 1 for what it
        // installs, or hot-deployed bundles stay INSTALLED (BUILD-NOTES)
        o.add(frameworkProperty(LOAD_DIR).value(load.toString()));
        o.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        o.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        o.add(frameworkProperty("felix.fileinstall.start.level").value("1"));
        o.add(frameworkProperty("felix.fileinstall.log.level").value("2"));
        o.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        Path bundles = bundles();
        for (Path jar : jars(bundles.resolve("exam"), Set.of())) {
            o.add(bundle(jar.toUri().toString()).startLevel(EXAM_LEVEL));
        }
        for (Path jar : jars(bundles.resolve("runtime"), Set.of(withoutJars))) {
            o.add(bundle(jar.toUri().toString()).startLevel(RUNTIME_LEVEL));
        }
        return o.toArray(Option[]::new);
    }

    private static List<Path> jars(Path dir, Set<String> without) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !without.contains(p.getFileName().toString())).sorted().toList();
            for (String w : without) {
                if (!Files.exists(dir.resolve(w))) {
                    throw new IllegalStateException("cannot withhold " + w + ": not in " + dir + " "
                            + Arrays.toString(dir.toFile().list()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path fresh(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
