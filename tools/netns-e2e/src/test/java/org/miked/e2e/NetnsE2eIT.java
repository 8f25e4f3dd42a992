package org.miked.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 11's real-network test, hooked into {@code mvn verify}: runs {@code netns-e2e.sh} (8 daemons in
 * network namespaces on one bridge: 3 senders, 5 receivers, one in EMCON; SIGTERM of a receiver, SIGKILL of
 * a key server, a capture on the EMCON receiver's bridge port) and turns each of its
 * {@code netns-e2e[phase] PASS|FAIL check} lines into one test, plus one for the script's exit code, so
 * Failsafe counts the checks. Skipped (not passed) where the machine cannot run it: the script exits 77
 * with one line saying why (not root, no network namespaces). {@code NETNS_E2E_PHASES} selects phases.
 */
class NetnsE2eIT {
    private static final Pattern CHECK = Pattern.compile("^(netns-e2e\\[[a-z]+\\]) (PASS|FAIL) (.*)$");

    @TestFactory
    List<DynamicTest> eightDaemonsOnABridge() throws Exception {
        Path script = Path.of("netns-e2e.sh").toAbsolutePath();
        assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
        Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        List<DynamicTest> checks = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println(line);
                out.append(line).append('\n');
                Matcher m = CHECK.matcher(line);
                if (m.matches()) {
                    boolean passed = m.group(2).equals("PASS");
                    String name = m.group(1) + " " + m.group(3);
                    checks.add(DynamicTest.dynamicTest(name, () -> assertThat(passed).as(name).isTrue()));
                }
            }
        }
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        int rc = p.exitValue();
        Assumptions.assumeTrue(rc != 77, () -> "netns-e2e cannot run on this machine: "
                + out.toString().lines().filter(l -> l.contains("SKIP")).findFirst().orElse("(no reason given)"));
        checks.add(DynamicTest.dynamicTest("netns-e2e.sh exits 0", () -> assertThat(rc)
                .as("netns-e2e.sh exit code; its output:\n" + out).isZero()));
        return checks;
    }
}
