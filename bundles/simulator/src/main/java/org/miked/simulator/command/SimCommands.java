package org.miked.simulator.command;

import java.io.IOException;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.miked.simulator.Simulator;
import org.miked.simulator.Summary;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The simulator's {@code mike:} command, {@code mike:sim}: it lives here and not in the shell bundle so
 * that the shell needs nothing of the simulator and the daemon ships without it. Gogo merges it with the
 * shell's commands of the same scope.
 */
@GogoCommand(scope = "mike", function = {"sim"})
@Component(service = SimCommands.class)
public class SimCommands {
    // optional: without a GMF the simulator service is not up, and mike:sim says so instead of vanishing
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Simulator simulator;

    @Descriptor("run a simulation scenario in this container (default: the built-in scenario)")
    public String sim(@Descriptor("write the JSON summary to this file") @Parameter(names = {"--summary", "-s"},
            absentValue = "") String summaryFile,
            @Descriptor("print only the summary") @Parameter(names = {"--quiet", "-q"}, absentValue = "false",
                    presentValue = "true") boolean quiet,
            @Descriptor("scenario file (JSON), optional") String... scenarioFile) throws IOException {
        Summary summary = SimJob.run(simulator, summaryFile, quiet, scenarioFile, System.out);
        return summary.toTable();
    }
}
