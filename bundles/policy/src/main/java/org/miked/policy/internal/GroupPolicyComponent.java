package org.miked.policy.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One group policy configuration (factory PID {@value GroupPolicyConfig#FACTORY_PID}): DS creates one
 * instance per configuration, e.g. per {@code load/org.miked.policy.group-trial.cfg}. It hands every
 * version of its configuration to the {@link PolicyDatabase}, which validates it and tells the listeners.
 * An invalid configuration does not fail the component: it is recorded as rejected, and a previously valid
 * version stays in force.
 */
@Component(name = GroupPolicyConfig.FACTORY_PID, configurationPid = GroupPolicyConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = GroupPolicyConfig.class, factory = true)
public final class GroupPolicyComponent {
    /** DS deactivation reason "the configuration was deleted" (ComponentConstants, DS 1.1). */
    static final int CONFIGURATION_DELETED = 4;

    private final PolicyDatabase database;
    private final String pid;

    /**
     * @param database the policy database
     * @param config the first version of the configuration
     * @param origin its PID and file
     */
    @Activate
    public GroupPolicyComponent(@Reference(name = "database") PolicyDatabase database, GroupPolicyConfig config, ConfigOrigin origin) {
        this.database = database;
        this.pid = origin.service_pid();
        database.apply(pid, origin.felix_fileinstall_filename(), config);
    }

    /**
     * @param config a new version of the configuration
     * @param origin its PID and file
     */
    @Modified
    void modified(GroupPolicyConfig config, ConfigOrigin origin) {
        database.apply(pid, origin.felix_fileinstall_filename(), config);
    }

    /**
     * Withdraws the group's policy from the listeners only if the configuration was deleted. When the
     * bundle stops or is updated, the groups keep running on the policy they have; the database replays
     * the current policies to the listeners when it comes back.
     *
     * @param reason DS deactivation reason
     */
    @Deactivate
    void deactivate(int reason) {
        if (reason == CONFIGURATION_DELETED) {
            database.remove(pid);
        } else {
            database.forget(pid);
        }
    }
}
