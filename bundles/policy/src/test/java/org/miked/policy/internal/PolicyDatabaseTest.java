package org.miked.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.miked.policy.internal.Samples.receiver;
import static org.miked.policy.internal.Samples.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.PolicyListener;

/**
 * The component logic without OSGi: DS's calls (constructor = activate, modified, deactivate with a reason,
 * listener bind/unbind) made by hand with configurations built like DS builds them.
 */
class PolicyDatabaseTest {
    private static final String PID_A = "org.miked.policy.group~trial";
    private static final String PID_B = "org.miked.policy.group~other";
    private static final String FILE_A = "file:/opt/miked/load/org.miked.policy.group-trial.cfg";
    private static final GroupId TRIAL = GroupId.of("trial");

    private final List<String> logLines = new ArrayList<>();
    private final PolicyDatabase db = new PolicyDatabase(new PolicyValidator(), new LogSink() {
        @Override
        public void info(String line) {
            logLines.add("INFO " + line);
        }

        @Override
        public void warn(String line) {
            logLines.add("WARN " + line);
        }
    });

    /** Records what a listener was told, as the GMF would see it. */
    static final class Recorder implements PolicyListener {
        final List<String> events = new ArrayList<>();
        final List<GroupPolicy> changed = new ArrayList<>();

        @Override
        public void policyChanged(GroupPolicy policy) {
            changed.add(policy);
            events.add("changed " + policy.group() + " " + policy.role());
        }

        @Override
        public void policyRemoved(GroupId group) {
            events.add("removed " + group);
        }
    }

    private GroupPolicyComponent configure(String pid, Map<String, Object> props) {
        return new GroupPolicyComponent(db, Configs.group(props), Configs.origin(pid, pid.equals(PID_A) ? FILE_A
                : null));
    }

    private static void update(GroupPolicyComponent c, String pid, Map<String, Object> props) {
        c.modified(Configs.group(props), Configs.origin(pid, null));
    }

    @Test
    void validConfigurationIsPublishedToEveryListener() {
        Recorder one = new Recorder();
        Recorder two = new Recorder();
        db.addListener(one);
        db.addListener(two);
        configure(PID_A, sender());
        assertThat(one.events).containsExactly("changed trial SENDER");
        assertThat(two.events).containsExactly("changed trial SENDER");
        assertThat(db.policies()).extracting(GroupPolicy::group).containsExactly(TRIAL);
        assertThat(db.rejected()).isEmpty();
        assertThat(logLines).singleElement().asString().startsWith("INFO policy in force: group 'trial' sender of 3 "
                + "senders, key server s01, bd/lkh").contains("from " + PID_A + " (" + FILE_A + ")");
    }

    @Test
    void invalidUpdateLeavesTheOldPolicyInForce() {
        Recorder gmf = new Recorder();
        db.addListener(gmf);
        GroupPolicyComponent c = configure(PID_A, sender());
        GroupPolicy first = db.policies().get(0);
        update(c, PID_A, sender("dataPort", "70000"));

        assertThat(db.policies()).containsExactly(first);
        assertThat(gmf.events).containsExactly("changed trial SENDER");
        assertThat(db.rejected()).containsOnlyKeys(PID_A);
        assertThat(db.rejected().get(PID_A)).isEqualTo(
                "policy for group 'trial': field 'dataPort': must be 0..65535, got 70000");
        assertThat(logLines).last().asString().isEqualTo("WARN rejected configuration " + PID_A
                + ": policy for group 'trial': field 'dataPort': must be 0..65535, got 70000 [version in force kept]");

        update(c, PID_A, sender("dataPort", "6000"));
        assertThat(db.rejected()).isEmpty();
        assertThat(db.policies()).singleElement().extracting(GroupPolicy::dataPort).isEqualTo(6000);
        assertThat(gmf.changed).extracting(GroupPolicy::dataPort).containsExactly(5004, 6000);
    }

    @Test
    void invalidFirstVersionIsRecordedAndNothingIsPublished() {
        Recorder gmf = new Recorder();
        db.addListener(gmf);
        configure(PID_A, sender("senders", "s01@fd00::1, s02@ff3e::1"));
        assertThat(gmf.events).isEmpty();
        assertThat(db.policies()).isEmpty();
        assertThat(db.rejected().get(PID_A)).contains("field 'senders'");
        assertThat(logLines).singleElement().asString().startsWith("WARN rejected configuration " + PID_A + " ("
                + FILE_A + "): policy for group 'trial': field 'senders'").doesNotContain("kept");
    }

    @Test
    void listenerAddedLateGetsTheCurrentPoliciesReplayed() {
        configure(PID_A, sender());
        configure(PID_B, receiver("group", "other"));
        configure("org.miked.policy.group~broken", receiver("group", "broken", "role", "x"));
        Recorder late = new Recorder();
        db.addListener(late);
        assertThat(late.events).containsExactly("changed other RECEIVER", "changed trial SENDER");
        db.removeListener(late);
        configure("org.miked.policy.group~third", receiver("group", "third"));
        assertThat(late.events).hasSize(2);
    }

    @Test
    void secondConfigurationOfAGroupIsRejectedNamingBothPids() {
        Recorder gmf = new Recorder();
        db.addListener(gmf);
        configure(PID_A, sender());
        configure(PID_B, receiver());
        assertThat(gmf.events).containsExactly("changed trial SENDER");
        assertThat(db.policies()).singleElement().extracting(GroupPolicy::role).hasToString("SENDER");
        assertThat(db.rejected().get(PID_B)).isEqualTo("policy for group 'trial': field 'group': already configured by "
                + PID_A + "; " + PID_B + " is ignored while " + PID_A + " exists");
    }

    @Test
    void deletingTheHolderLetsTheWaitingDuplicateTakeOver() {
        Recorder gmf = new Recorder();
        db.addListener(gmf);
        GroupPolicyComponent a = configure(PID_A, sender());
        configure(PID_B, receiver());
        a.deactivate(GroupPolicyComponent.CONFIGURATION_DELETED);
        assertThat(gmf.events).containsExactly("changed trial SENDER", "removed trial", "changed trial RECEIVER");
        assertThat(db.rejected()).isEmpty();
        assertThat(db.policies()).singleElement().extracting(GroupPolicy::role).hasToString("RECEIVER");
    }

    @Test
    void deletedConfigurationIsWithdrawnFromListeners() {
        Recorder gmf = new Recorder();
        db.addListener(gmf);
        GroupPolicyComponent a = configure(PID_A, sender());
        GroupPolicyComponent broken = configure(PID_B, receiver("group", "other", "role", "x"));
        a.deactivate(GroupPolicyComponent.CONFIGURATION_DELETED);
        broken.deactivate(GroupPolicyComponent.CONFIGURATION_DELETED);
        assertThat(gmf.events).containsExactly("changed trial SENDER", "removed trial");
        assertThat(db.policies()).isEmpty();
        assertThat(db.rejected()).isEmpty();
        assertThat(logLines).last().asString().isEqualTo("INFO policy removed: group 'trial' (configuration " + PID_A
                + " deleted)");
    }

    @Test
    void stoppingTheBundleDoesNotTellListenersToLeaveTheGroup() {
        Recorder gmf = new Recorder();
        db.addListener(gmf);
        GroupPolicyComponent a = configure(PID_A, sender());
        int bundleStopped = 6;
        a.deactivate(bundleStopped);
        assertThat(gmf.events).containsExactly("changed trial SENDER");
        assertThat(db.policies()).isEmpty();
    }

    @Test
    void renamingTheGroupRemovesTheOldName() {
        Recorder gmf = new Recorder();
        db.addListener(gmf);
        GroupPolicyComponent a = configure(PID_A, sender());
        update(a, PID_A, sender("group", "renamed"));
        assertThat(gmf.events).containsExactly("changed trial SENDER", "removed trial", "changed renamed SENDER");
    }

    @Test
    void unchangedUpdateIsNotRepublished() {
        Recorder gmf = new Recorder();
        db.addListener(gmf);
        GroupPolicyComponent a = configure(PID_A, sender());
        update(a, PID_A, sender());
        assertThat(gmf.events).hasSize(1);
        assertThat(logLines).last().asString().contains("unchanged");
    }

    @Test
    void failingListenerDoesNotStopTheOthers() {
        Recorder gmf = new Recorder();
        db.addListener(new PolicyListener() {
            @Override
            public void policyChanged(GroupPolicy policy) {
                throw new IllegalStateException("boom\nsecond line");
            }

            @Override
            public void policyRemoved(GroupId group) {
                throw new IllegalStateException("boom");
            }
        });
        db.addListener(gmf);
        configure(PID_A, sender()).deactivate(GroupPolicyComponent.CONFIGURATION_DELETED);
        assertThat(gmf.events).containsExactly("changed trial SENDER", "removed trial");
        assertThat(logLines).filteredOn(l -> l.startsWith("WARN policy listener")).hasSize(2)
                .allSatisfy(l -> assertThat(l).doesNotContain("\n"));
    }
}
