package org.miked.runconfigs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What the exported runtimes contain, read from the jars this module's package phase wrote
 * (target/daemon.jar, target/sim.jar): the bundle symbolic names in the embedded bundles' manifests and
 * in the launcher's run list. Runs in verify, after the export, so a dependency that pulls the simulator
 * back into the daemon fails the build.
 */
class RuntimeJarsTest {
    private static final Path TARGET = Path.of(System.getProperty("runconfigs.target", "target"));
    private static final Path BASEDIR = Path.of(System.getProperty("runconfigs.basedir", "."));
    private static final Set<String> SIMULATION_ONLY = Set.of("org.miked.simulator", "org.miked.dispatcher-sim");

    @Test
    void theDaemonShipsNoSimulator() throws IOException {
        Set<String> daemon = embeddedBundles(TARGET.resolve("daemon.jar"));
        // the positive part shows the names were read at all
        assertThat(daemon).contains("org.miked.dispatcher-real", "org.miked.xfrm", "org.miked.pfkey",
                "org.miked.gmf", "org.miked.shell", "org.miked.sa-memory");
        assertThat(daemon).as("simulation bundles in daemon.jar").doesNotContainAnyElementsOf(SIMULATION_ONLY);
        assertThat(launcherRunBundles(TARGET.resolve("daemon.jar"))).isEqualTo(daemon);
    }

    @Test
    void theSimulationRuntimeShipsTheSimulatorAndNoKernelBackend() throws IOException {
        Set<String> sim = embeddedBundles(TARGET.resolve("sim.jar"));
        assertThat(sim).containsAll(SIMULATION_ONLY).contains("org.miked.shell", "org.miked.sa-memory");
        assertThat(sim).doesNotContain("org.miked.dispatcher-real", "org.miked.xfrm", "org.miked.pfkey",
                "org.miked.jffi", "org.miked.kernel-io");
        assertThat(launcherRunBundles(TARGET.resolve("sim.jar"))).isEqualTo(sim);
    }

    @Test
    void theRunConfigsDifferOnlyInDispatcherAndSinks() throws IOException {
        Map<String, String> sim = instructions(BASEDIR.resolve("sim.bndrun"));
        Map<String, String> daemon = instructions(BASEDIR.resolve("daemon.bndrun"));
        Set<String> simRequires = requires(sim.remove("-runrequires"));
        Set<String> daemonRequires = requires(daemon.remove("-runrequires"));
        sim.remove("-runbundles"); // the resolver's output
        daemon.remove("-runbundles");
        assertThat(daemon).as("instructions other than -runrequires/-runbundles").isEqualTo(sim);

        Set<String> onlySim = new TreeSet<>(simRequires);
        onlySim.removeAll(daemonRequires);
        Set<String> onlyDaemon = new TreeSet<>(daemonRequires);
        onlyDaemon.removeAll(simRequires);
        // the simulator registers the lab dispatcher "sim"; jffi is what the kernel sinks load libc with
        assertThat(onlySim).containsExactly("org.miked.simulator");
        assertThat(onlyDaemon).containsExactly("org.miked.dispatcher-real", "org.miked.jffi", "org.miked.pfkey",
                "org.miked.xfrm");
    }

    /** Bundle-SymbolicName of every jar under jar/ in an exported runtime (the framework's too). */
    static Set<String> embeddedBundles(Path exported) throws IOException {
        assertThat(exported).as("run 'mvn verify' on run-configs: the package phase exports it").exists();
        Set<String> names = new TreeSet<>();
        try (JarFile jar = new JarFile(exported.toFile())) {
            for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                if (!entry.getName().startsWith("jar/") || !entry.getName().endsWith(".jar")) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry); JarInputStream nested = new JarInputStream(in)) {
                    Manifest m = nested.getManifest();
                    String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
                    if (bsn != null) {
                        names.add(bsn.split(";")[0].trim());
                    }
                }
            }
        }
        names.remove("org.apache.felix.framework"); // -runfw, not a run bundle
        names.remove("biz.aQute.launcher");
        return names;
    }

    /** Bundle symbolic names the bnd launcher installs ({@code launch.runbundles.attrs}). */
    static Set<String> launcherRunBundles(Path exported) throws IOException {
        Properties p = new Properties();
        try (JarFile jar = new JarFile(exported.toFile()); InputStream in = jar.getInputStream(
                jar.getEntry("launcher.properties"))) {
            p.load(in);
        }
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?:^|,)([^;,]+);").matcher(p.getProperty("launch.runbundles.attrs", ""));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** A .bndrun's instructions, continuation lines joined, comments dropped. */
    static Map<String, String> instructions(Path bndrun) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        StringBuilder logical = new StringBuilder();
        List<String> lines = new ArrayList<>(Files.readAllLines(bndrun, StandardCharsets.UTF_8));
        lines.add("");
        for (String line : lines) {
            if (logical.isEmpty() && (line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            String l = logical.toString().trim();
            logical.setLength(0);
            int colon = l.indexOf(':');
            out.put(l.substring(0, colon).trim(), l.substring(colon + 1).replaceAll("\\s+", ""));
        }
        return out;
    }

    private static Set<String> requires(String value) {
        Set<String> ids = new TreeSet<>();
        Matcher m = Pattern.compile("bnd\\.identity;id='([^']+)'").matcher(value == null ? "" : value);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
