package org.miked.gdh.internal;

import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementSession;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.gdh.core.GdhSession;
import org.osgi.service.component.annotations.Component;

/** GDH.3 among senders, selected by groups with {@code agreement = gdh3}. */
@Component(service = KeyAgreementProtocol.class, property = KeyAgreementProtocol.NAME_PROPERTY + "=gdh3")
public final class Gdh3Protocol implements KeyAgreementProtocol {
    @Override
    public String name() {
        return GdhSession.Variant.GDH3.protocolName;
    }

    @Override
    public AgreementSession open(AgreementContext ctx) {
        return new GdhSession(ctx, GdhSession.Variant.GDH3);
    }
}
