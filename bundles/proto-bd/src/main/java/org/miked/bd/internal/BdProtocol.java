package org.miked.bd.internal;

import org.miked.api.annotation.ProtocolName;
import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementSession;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.bd.core.BdSession;
import org.osgi.service.component.annotations.Component;

/** Burmester-Desmedt key agreement among senders, selected by groups with {@code agreement = bd}. */
@Component(service = KeyAgreementProtocol.class)
@ProtocolName(protocol = BdSession.NAME)
public final class BdProtocol implements KeyAgreementProtocol {
    @Override
    public String name() {
        return BdSession.NAME;
    }

    @Override
    public AgreementSession open(AgreementContext ctx) {
        return new BdSession(ctx);
    }
}
