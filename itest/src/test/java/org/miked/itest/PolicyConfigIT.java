package org.miked.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.miked.api.GroupId;
import org.miked.api.gmf.GroupManager;
import org.miked.api.gmf.GroupStatus;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.PolicyStore;
import org.miked.api.sa.Msa;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue 2 end to end: a group policy written as a Config Admin factory configuration reaches the policy
 * bundle, is validated, handed to the host GMF, and the console host keys the group; an invalid update
 * is rejected naming the field while the group keeps running on the previous policy.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyConfigIT extends MikedIT {
    private static final String GROUP = "itest-cfg";



    @Test
    public void configuredGroupIsKeyedAndInvalidUpdateIsRejected() throws Exception {
        ConfigurationAdmin ca = Await.service(context, ConfigurationAdmin.class);
        GroupManager gm = Await.service(context, GroupManager.class);
        PolicyStore store = Await.service(context, PolicyStore.class);

        Hashtable<String, Object> props = GroupConfigs.singleSender(GROUP, "lkh", 1);
        org.osgi.service.cm.Configuration c = GroupConfigs.put(ca, "cfg", props);

        Optional<GroupStatus> keyed = Await.until("group " + GROUP + " KEYED at host local", Await.LONG,
                () -> GroupConfigs.status(gm, GROUP), GroupConfigs::keyed,
                s -> GroupConfigs.describe(s) + "; rejected configurations: " + store.rejected());
        // a sender installs its own outbound MSA at the epoch's switch time, an activation delay after KEYED (issue 12)
        List<Msa> msas = Await.until("the sender's outbound MSA of group " + GROUP, Await.LONG,
                () -> gm.msas(GroupId.of(GROUP)), l -> !l.isEmpty(), l -> GroupConfigs.describe(GroupConfigs.status(gm, GROUP)));
        assertFalse("MSAs installed: " + GroupConfigs.describe(keyed), msas.isEmpty());
        GroupStatus before = GroupConfigs.status(gm, GROUP).orElseThrow();
        assertTrue("status counts the MSAs: " + GroupConfigs.describe(keyed), before.msas() > 0);
        assertFalse("a key fingerprint: " + GroupConfigs.describe(keyed), before.keyFingerprint().isEmpty());
        assertTrue("no rejection: " + store.rejected(), store.rejected().isEmpty());
        GroupPolicy inForce = policy(store);
        assertEquals(5004, inForce.dataPort());

        // an invalid update: rejected by name, the valid version stays in force, the group keeps its key
        props.put("dataPort", 70000);
        c.update(props);
        Map<String, String> rejected = Await.until("the update with dataPort=70000 to be rejected", Await.LONG,
                store::rejected, r -> r.containsKey(c.getPid()), Object::toString);
        String reason = rejected.get(c.getPid());
        assertTrue("rejection names the field: " + reason, reason.contains("dataPort"));
        assertEquals("previous policy still in force", 5004, policy(store).dataPort());
        Optional<GroupStatus> after = GroupConfigs.status(gm, GROUP);
        assertTrue("still KEYED: " + GroupConfigs.describe(after), GroupConfigs.keyed(after));
        assertEquals("same epoch: " + GroupConfigs.describe(after), before.epoch(), after.get().epoch());
        assertEquals("same key: " + GroupConfigs.describe(after), before.keyFingerprint(), after.get().keyFingerprint());

        // deleting the configuration withdraws the group from the host
        c.delete();
        Await.until("group " + GROUP + " left after its configuration was deleted", Await.LONG,
                () -> GroupConfigs.status(gm, GROUP), Optional::isEmpty, GroupConfigs::describe);
        assertTrue("no MSAs left", gm.msas(GroupId.of(GROUP)).isEmpty());
    }

    private static GroupPolicy policy(PolicyStore store) {
        return store.policies().stream().filter(p -> p.group().name().equals(GROUP)).findFirst()
                .orElseThrow(() -> new AssertionError("no policy for " + GROUP + " in force: " + store.policies()
                        + " rejected " + store.rejected()));
    }
}
