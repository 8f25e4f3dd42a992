package org.miked.gdh.internal;

import org.miked.api.annotation.ProtocolName;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.gdh.core.GdhSession;
import org.osgi.service.component.annotations.Component;

/** GDH.3 among senders, selected by groups with {@code agreement = gdh3}. */
@Component(service = KeyAgreementProtocol.class)
@ProtocolName(protocol = GdhSession.GDH3_NAME)
public final class Gdh3Protocol extends GdhProtocol {
    public Gdh3Protocol() {
        super(GdhSession.Variant.GDH3);
    }
}
