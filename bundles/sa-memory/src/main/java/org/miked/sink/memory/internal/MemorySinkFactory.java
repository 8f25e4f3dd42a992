package org.miked.sink.memory.internal;

import org.miked.api.runtime.HostRuntime;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaSink;
import org.miked.api.sa.SaSinkFactory;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code "memory"} SA sink: one in-memory SAD per (simulated) host, lifetimes on that host's
 * clock. For the simulator and for trying the daemon where no kernel IPsec is available.
 */
@Component(service = SaSinkFactory.class, property = SaSinkFactory.NAME_PROPERTY + "=" + MemorySinkFactory.NAME)
public class MemorySinkFactory implements SaSinkFactory {
    /** The sink's name. */
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SaSink open(HostRuntime host, SaEventListener listener) {
        return new MemorySink(host, listener);
    }
}
