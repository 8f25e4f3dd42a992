package org.miked.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.miked.simulator.Scenario;
import org.miked.simulator.Simulator;
import org.miked.simulator.Summary;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The simulator service, as {@code ./miked sim} uses it, runs a small scenario of the paper's figure 1 with
 * the deployed GMF, bd, LKH, signatures and memory sink, and every member ends up with the group key.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SimulationIT extends MikedIT {


    @Test
    public void smallScenarioKeysEveryone() {
        Simulator simulator = Await.service(context, Simulator.class);
        // 3 senders, 50 receivers, 5% loss, 5 joins and 5 leaves, a fifth in EMCON, 40 simulated seconds
        Scenario scenario = new Scenario("itest-small", 3, 50, 0.05, 20, 10, 7, "bd", "lkh", 4, 5, 5, 0.2, 40, 500,
                "sig");
        List<String> progress = new ArrayList<>();
        Summary s = simulator.run(scenario, progress::add);
        String table = s.toTable() + "progress:\n" + String.join("\n", progress);
        System.out.println(table);
        assertEquals("receivers at the end (50 + 5 joined - 5 left)\n" + table, 50, s.receivers());
        assertEquals("every receiver keyed\n" + table, s.receivers(), s.receiversKeyed());
        assertEquals("every sender keyed\n" + table, 3, s.sendersKeyed());
        assertEquals("EMCON receivers never transmit\n" + table, 0, s.emconPacketsSent());
        assertTrue("some receivers in EMCON\n" + table, s.emconReceivers() > 0);
        assertEquals("EMCON receivers keyed too\n" + table, s.emconReceivers(), s.emconKeyed());
        assertEquals("departed\n" + table, 5, s.departed());
        assertTrue("a key fingerprint\n" + table, !s.keyFingerprint().isEmpty());
        assertTrue("summary ok()\n" + table, s.ok());
    }
}
