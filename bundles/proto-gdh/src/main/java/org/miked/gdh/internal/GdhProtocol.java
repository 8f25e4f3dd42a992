package org.miked.gdh.internal;

import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementSession;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.gdh.core.GdhSession;

/**
 * What the GDH.2 and GDH.3 components share: both open a {@link GdhSession} of their variant. The
 * subclasses only carry the DS annotations, which must name one service and one protocol each.
 */
abstract class GdhProtocol implements KeyAgreementProtocol {
    private final GdhSession.Variant variant;

    GdhProtocol(GdhSession.Variant variant) {
        this.variant = variant;
    }

    @Override
    public final String name() {
        return variant.protocolName;
    }

    @Override
    public final AgreementSession open(AgreementContext ctx) {
        return new GdhSession(ctx, variant);
    }
}
