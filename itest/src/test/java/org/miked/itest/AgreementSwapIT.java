package org.miked.itest;

import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.gmf.ComponentCatalog;
import org.miked.api.gmf.GmfFactory;
import org.miked.api.gmf.GroupManager;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.sim.network.LinkModel;
import org.miked.sim.network.SimNetwork;
import org.miked.sim.network.SimNetworkFactory;
import org.miked.testkit.TestPolicies;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Issue 3's hot swap of the agreement protocol, with the deployed bundles: GMFs made by the GmfFactory
 * service on a simulated network agree with bd, then every sender is given a policy naming gdh2 and the
 * senders re-agree with gdh2 and rekey their receivers, without any GMF being restarted. Driven on the
 * network's virtual clock, so this test does not wait on wall time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AgreementSwapIT extends MikedIT {
    private static final String GROUP = "swap";
    private static final int SENDERS = 3;
    private static final int RECEIVERS = 6;
    /** Virtual-time bound for each phase: generous, a lossless 3-sender agreement takes well under a second. */
    private static final long PHASE_MS = 60_000;


    private final Map<MemberId, GroupManager> senders = new LinkedHashMap<>();
    private final Map<MemberId, GroupManager> receivers = new LinkedHashMap<>();
    private SimNetwork net;


    @After
    public void closeHosts() {
        receivers.values().forEach(GroupManager::close);
        senders.values().forEach(GroupManager::close);
    }

    @Test
    public void sendersSwapFromBdToGdh2WithoutRestart() {
        ComponentCatalog catalog = Await.service(context, ComponentCatalog.class);
        GmfFactory gmfs = Await.service(context, GmfFactory.class);
        SimNetworkFactory networks = Await.service(context, SimNetworkFactory.class);
        Await.until("bd and lkh deployed", Await.LONG, catalog::deployed,
                l -> has(catalog, "agreement", "bd") && has(catalog, "distribution", "lkh"), Object::toString);
        Assume.assumeTrue("proto-gdh is not deployed (agreement gdh2 missing from " + catalog.deployed()
                + "): skipping the bd -> gdh2 swap", has(catalog, "agreement", "gdh2"));

        net = networks.create(3, LinkModel.of(0, 5, 5));
        TestPolicies policies = new TestPolicies(GROUP, SENDERS, 3).agreement("bd");
        List<MemberId> rids = new ArrayList<>();
        for (int i = 1; i <= RECEIVERS; i++) {
            rids.add(TestPolicies.receiverId(i));
            policies.key(rids.get(i - 1)); // the key servers must know every receiver's public key
        }
        for (MemberId s : policies.senders()) {
            GroupManager gm = gmfs.create(net, s);
            senders.put(s, gm);
            gm.join(policies.sender(s));
        }
        for (int i = 0; i < RECEIVERS; i++) {
            MemberId r = rids.get(i);
            GroupManager gm = gmfs.create(net, r);
            receivers.put(r, gm);
            gm.join(policies.receiver(r, policies.senders().get(i % SENDERS), false));
        }

        String bdKey = runUntilAllKeyed(null, "bd");
        for (GroupManager gm : senders.values()) {
            assertTrue("agreement in use: " + report(), status(gm).agreement().contains("bd"));
        }

        Map<MemberId, Long> completed = new LinkedHashMap<>();
        senders.forEach((id, gm) -> completed.put(id, status(gm).counters().getOrDefault("agreement.completed", 0L)));

        // the swap: a new policy naming gdh2 on every sender, nothing restarted
        policies.agreement("gdh2");
        for (Map.Entry<MemberId, GroupManager> e : senders.entrySet()) {
            e.getValue().join(policies.sender(e.getKey()));
        }
        String gdhKey = runUntilAllKeyed(bdKey, "gdh2");
        assertNotEquals("a new group key after the gdh2 run", bdKey, gdhKey);
        senders.forEach((id, gm) -> assertTrue(id + " completed a gdh2 run itself: " + report(),
                status(gm).counters().getOrDefault("agreement.completed", 0L) > completed.get(id)));
        for (GroupManager gm : senders.values()) {
            assertTrue("agreement in use: " + report(), status(gm).agreement().contains("gdh2"));
        }
        System.out.println("after the swap:\n" + report());
    }

    /**
     * Runs the network until every sender and receiver is KEYED with one and the same key, different from
     * {@code oldKey}, and the senders' agreement is {@code agreement}.
     *
     * @return the common key fingerprint
     */
    private String runUntilAllKeyed(String oldKey, String agreement) {
        long end = net.now() + PHASE_MS;
        while (net.now() < end) {
            net.runUntil(net.now() + 250);
            String key = commonKey();
            if (key != null && !key.equals(oldKey)
                    && senders.values().stream().allMatch(gm -> status(gm).agreement().contains(agreement))) {
                return key;
            }
        }
        throw new AssertionError("not every host keyed with one new key (" + agreement + ") within " + PHASE_MS
                + " virtual ms:\n" + report());
    }

    private String commonKey() {
        String key = null;
        for (GroupManager gm : all()) {
            GroupStatus s = status(gm);
            if (s.state() != GroupState.KEYED || s.keyFingerprint().isEmpty()) {
                return null;
            }
            if (key == null) {
                key = s.keyFingerprint();
            } else if (!key.equals(s.keyFingerprint())) {
                return null;
            }
        }
        return key;
    }

    private List<GroupManager> all() {
        List<GroupManager> out = new ArrayList<>(senders.values());
        out.addAll(receivers.values());
        return out;
    }

    private static GroupStatus status(GroupManager gm) {
        return gm.status(GroupId.of(GROUP)).orElseThrow(() -> new AssertionError(gm.self() + " not in " + GROUP));
    }

    private String report() {
        StringBuilder sb = new StringBuilder("virtual time " + net.now() + " ms\n");
        for (GroupManager gm : all()) {
            sb.append("  ").append(gm.self().id()).append(": ")
                    .append(GroupConfigs.describe(Optional.of(status(gm)))).append('\n');
        }
        return sb.toString();
    }

    private static boolean has(ComponentCatalog catalog, String kind, String name) {
        return catalog.deployed().stream().anyMatch(d -> d.kind().equals(kind) && d.name().equals(name));
    }
}
