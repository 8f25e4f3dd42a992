package org.miked.gdh.internal;

import org.miked.api.annotation.ProtocolName;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.gdh.core.GdhSession;
import org.osgi.service.component.annotations.Component;

/** GDH.2 among senders, selected by groups with {@code agreement = gdh2}. */
@Component(service = KeyAgreementProtocol.class)
@ProtocolName(protocol = GdhSession.GDH2_NAME)
public final class Gdh2Protocol extends GdhProtocol {
    public Gdh2Protocol() {
        super(GdhSession.Variant.GDH2);
    }
}
