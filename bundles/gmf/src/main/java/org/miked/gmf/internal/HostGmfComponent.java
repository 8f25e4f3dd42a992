package org.miked.gmf.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.gmf.GroupManager;
import org.miked.api.gmf.GroupStatus;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.PolicyListener;
import org.miked.api.sa.Msa;
import org.miked.gmf.core.HostGmf;
import org.miked.gmf.core.Registry;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The GMF of this process (the daemon's, or the console host of the simulation runtime): attached to
 * the configured dispatcher, joining the groups the policy database configures for this host.
 */
@Designate(ocd = HostConfig.class)
@Component(service = {GroupManager.class, PolicyListener.class}, configurationPid = "org.miked.gmf.host",
        immediate = true)
public class HostGmfComponent implements GroupManager, PolicyListener {
    private static final System.Logger LOG = System.getLogger("org.miked.gmf");

    @Reference
    private Registry registry;

    @Reference(name = "dispatcher")
    private Dispatcher dispatcher;

    private HostGmf gmf;
    private boolean autoJoin;
    private BundleContext context;
    private LeaveOnFrameworkStop onStop;

    @Activate
    void activate(BundleContext context, HostConfig config) {
        if (config.shutdownWaitMillis() < 0) {
            // refused before the GMF attaches to the dispatcher (it serves one host)
            throw new IllegalArgumentException("org.miked.gmf.host: shutdownWaitMillis must be at least 0, got "
                    + config.shutdownWaitMillis());
        }
        MemberId self = MemberId.of(config.self());
        autoJoin = config.autoJoin();
        gmf = new HostGmf(dispatcher, self, registry, line -> LOG.log(System.Logger.Level.INFO, line));
        this.context = context;
        // leave every group when the framework begins to stop, while protocols, sinks and the dispatcher are there;
        // the outcome goes to standard output: on SIGTERM, JUL's own shutdown hook may already have closed its
        // handlers (the daemon's log lost this line every time in tools/netns-e2e), as StopOnSignal's lines do
        onStop = LeaveOnFrameworkStop.register(context, gmf, config.shutdownWaitMillis(),
                line -> System.out.println("miked: " + line));
        LOG.log(System.Logger.Level.INFO, "GMF of host " + self + " attached to dispatcher '" + dispatcher.name() + "'");
    }

    @Deactivate
    void deactivate() {
        try {
            context.removeBundleListener(onStop);
        } catch (IllegalStateException e) {
            // the bundle context is no longer valid: the framework removes its listeners itself
        }
        gmf.close();
    }

    @Override
    public void policyChanged(GroupPolicy policy) {
        if (!autoJoin || gmf.isClosed()) {
            // after a shutdown (the framework is stopping) a late configuration joins nothing
            return;
        }
        if (policy.role() == Role.SENDER && !policy.senderIds().contains(gmf.self())) {
            LOG.log(System.Logger.Level.WARNING, "policy for group '" + policy.group() + "' makes this host ("
                    + gmf.self() + ") a sender, but it is not among the senders " + policy.senderIds() + "; not joining");
            return;
        }
        gmf.join(policy);
    }

    @Override
    public void policyRemoved(GroupId group) {
        gmf.leave(group);
    }

    @Override
    public MemberId self() {
        return gmf.self();
    }

    @Override
    public void join(GroupPolicy policy) {
        gmf.join(policy);
    }

    @Override
    public boolean leave(GroupId group) {
        return gmf.leave(group);
    }

    @Override
    public boolean rekey(GroupId group) {
        return gmf.rekey(group);
    }

    @Override
    public boolean evict(GroupId group, MemberId receiver) {
        return gmf.evict(group, receiver);
    }

    @Override
    public boolean pardon(GroupId group, MemberId receiver) {
        return gmf.pardon(group, receiver);
    }

    @Override
    public java.util.Set<MemberId> revoked(GroupId group) {
        return gmf.revoked(group);
    }

    @Override
    public List<GroupStatus> groups() {
        return gmf.groups();
    }

    @Override
    public Optional<GroupStatus> status(GroupId group) {
        return gmf.status(group);
    }

    @Override
    public Set<MemberId> members(GroupId group) {
        return gmf.members(group);
    }

    @Override
    public List<Msa> msas(GroupId group) {
        return gmf.msas(group);
    }

    @Override
    public void close() {
        // the component's lifecycle closes the GMF
    }
}
