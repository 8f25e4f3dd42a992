package org.miked.gmf.internal;

import org.miked.api.MemberId;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.gmf.GmfFactory;
import org.miked.api.gmf.GroupManager;
import org.miked.gmf.core.HostGmf;
import org.miked.gmf.core.Registry;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Makes plain-object GMFs for simulated hosts. They share the service registry's view of deployed
 * bundles and follow it. Their log lines go to {@code org.miked.gmf.sim} at DEBUG (thousands of hosts).
 */
@Component(service = GmfFactory.class)
public class GmfFactoryComponent implements GmfFactory {
    private static final System.Logger LOG = System.getLogger("org.miked.gmf.sim");

    @Reference
    private Registry registry;

    @Override
    public GroupManager create(Dispatcher dispatcher, MemberId host) {
        return new HostGmf(dispatcher, host, registry, line -> {
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, line);
            }
        });
    }
}
