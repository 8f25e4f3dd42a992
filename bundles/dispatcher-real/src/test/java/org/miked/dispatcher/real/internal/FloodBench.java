package org.miked.dispatcher.real.internal;

/**
 * Prints the flood figures of {@link FloodScenario} (datagrams per second, genuine rekey latency idle and
 * during the flood, registration latency, heap, log lines):
 *
 * <pre>
 *   mvn -o -q -B -pl bundles/dispatcher-real test-compile dependency:build-classpath \
 *       -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 *   java -cp bundles/dispatcher-real/target/test-classes:bundles/dispatcher-real/target/classes:$(cat \
 *       bundles/dispatcher-real/target/test-classpath.txt) org.miked.dispatcher.real.internal.FloodBench \
 *       [initialReceivers joining minimumDatagrams rekeys seed [default-lkh]]
 * </pre>
 *
 * Defaults are the test's ({@link FloodScenario.Params#TEST}); {@code default-lkh} runs with the LKH protocol's
 * own timers instead of the test's faster recovery.
 */
public final class FloodBench {
    private FloodBench() {
    }

    public static void main(String[] args) throws Exception {
        FloodScenario.Params d = FloodScenario.Params.TEST;
        FloodScenario.Params p = new FloodScenario.Params(arg(args, 0, d.initial()), arg(args, 1, d.joining()),
                arg(args, 2, d.minimum()), arg(args, 3, d.rekeys()), arg(args, 4, d.seed()),
                args.length > 5 && args[5].equals("default-lkh") ? java.util.Map.of() : d.lkh());
        System.out.println("flood bench: " + p + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        long t0 = System.nanoTime();
        FloodScenario.Report r = FloodScenario.run(p);
        System.out.println(r.summary());
        System.out.println("wall time of the whole run (setup, flood, teardown): " + (System.nanoTime() - t0) / 1_000_000
                + " ms");
        System.exit(0);
    }

    private static int arg(String[] a, int i, int dflt) {
        return a.length > i ? Integer.parseInt(a[i]) : dflt;
    }

    private static long arg(String[] a, int i, long dflt) {
        return a.length > i ? Long.parseLong(a[i]) : dflt;
    }
}
