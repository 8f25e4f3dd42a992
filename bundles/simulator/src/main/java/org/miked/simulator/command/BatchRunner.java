package org.miked.simulator.command;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.miked.simulator.Simulator;
import org.miked.simulator.Summary;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Batch mode of the simulation runtime: when the framework property {@code miked.batch} holds
 * {@code sim [--summary FILE] [--quiet] [scenario.json]}, runs that job once the simulator is up, prints
 * the summary table and exits the JVM: 0 when every receiver holds the current key and no EMCON host
 * transmitted, 1 when the run was incomplete, 2 for a bad argument or scenario (one line on stderr).
 */
@Component(immediate = true)
public class BatchRunner {
    @Reference
    private Simulator simulator;

    @Activate
    void activate(BundleContext context) {
        String job = context.getProperty("miked.batch");
        if (job == null || job.isBlank()) {
            return;
        }
        Thread t = new Thread(() -> System.exit(run(job.trim())), "miked-batch");
        t.start();
    }

    int run(String job) {
        List<String> args = new ArrayList<>(List.of(job.split("\\s+")));
        try {
            if (!args.remove(0).equals("sim")) {
                throw new IllegalArgumentException("unknown batch job '" + job + "' (only 'sim' is known)");
            }
            String summaryFile = "";
            boolean quiet = false;
            List<String> files = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--summary", "-s" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException("--summary needs a file name");
                        }
                        summaryFile = args.get(++i);
                    }
                    case "--quiet", "-q" -> quiet = true;
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option '" + a + "' (known: --summary FILE, --quiet)");
                        }
                        files.add(a);
                    }
                }
            }
            Summary s = SimJob.run(simulator, summaryFile, quiet, files.toArray(String[]::new), System.out);
            System.out.print(s.toTable());
            System.out.flush();
            return s.ok() ? 0 : 1;
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            System.err.println("miked sim: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("miked sim: failed: " + e);
            e.printStackTrace();
            return 3;
        }
    }
}
