package org.miked.lkh.internal;

import org.miked.api.annotation.ProtocolName;
import org.miked.api.protocol.KeyClientContext;
import org.miked.api.protocol.KeyClientSession;
import org.miked.api.protocol.KeyDistributionProtocol;
import org.miked.api.protocol.KeyServerContext;
import org.miked.api.protocol.KeyServerSession;
import org.miked.lkh.core.LkhClient;
import org.miked.lkh.core.LkhServer;
import org.osgi.service.component.annotations.Component;

/** Registers the logical key hierarchy as the key-distribution protocol {@code "lkh"}. */
@Component(service = KeyDistributionProtocol.class)
@ProtocolName(protocol = LkhProtocol.NAME)
public final class LkhProtocol implements KeyDistributionProtocol {
    /** The name groups select this protocol by. */
    public static final String NAME = "lkh";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KeyServerSession openServer(KeyServerContext ctx) {
        return new LkhServer(ctx);
    }

    @Override
    public KeyClientSession openClient(KeyClientContext ctx) {
        return new LkhClient(ctx);
    }
}
