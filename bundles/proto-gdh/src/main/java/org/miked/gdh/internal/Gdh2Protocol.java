package org.miked.gdh.internal;

import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementSession;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.gdh.core.GdhSession;
import org.osgi.service.component.annotations.Component;

/** GDH.2 among senders, selected by groups with {@code agreement = gdh2}. */
@Component(service = KeyAgreementProtocol.class, property = KeyAgreementProtocol.NAME_PROPERTY + "=gdh2")
public final class Gdh2Protocol implements KeyAgreementProtocol {
    @Override
    public String name() {
        return GdhSession.Variant.GDH2.protocolName;
    }

    @Override
    public AgreementSession open(AgreementContext ctx) {
        return new GdhSession(ctx, GdhSession.Variant.GDH2);
    }
}
