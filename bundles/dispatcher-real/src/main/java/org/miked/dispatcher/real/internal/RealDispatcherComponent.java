package org.miked.dispatcher.real.internal;

import org.miked.api.MemberId;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.dispatch.HostPort;
import org.miked.api.dispatch.TrafficStats;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Registers the real dispatcher ({@code miked.dispatcher=real}) configured by PID
 * {@code org.miked.dispatcher.real}; without a configuration it runs on defaults. A configuration change
 * re-creates it (and so re-attaches the GMF, which re-opens its groups). It is the daemon runtime's only
 * dispatcher; the daemon's sample configuration also names it ({@code dispatcher.target=(miked.dispatcher=real)}).
 */
@Designate(ocd = RealDispatcherConfig.class)
@Component(service = Dispatcher.class, configurationPid = "org.miked.dispatcher.real",
        property = Dispatcher.NAME_PROPERTY + "=" + RealDispatcher.NAME)
public class RealDispatcherComponent implements Dispatcher {
    private RealDispatcher dispatcher;

    @Activate
    void activate(RealDispatcherConfig config) {
        dispatcher = new RealDispatcher(Settings.of(config), NetworkView.SYSTEM);
        dispatcher.stateDirectory(config.stateDirectory());
    }

    @Deactivate
    void deactivate() {
        dispatcher.stop();
    }

    @Override
    public String name() {
        return RealDispatcher.NAME;
    }

    @Override
    public HostPort attach(MemberId host, DatagramHandler handler) {
        return dispatcher.attach(host, handler);
    }

    @Override
    public TrafficStats stats() {
        return dispatcher.stats();
    }
}
