package org.miked.auth.sig.internal;

import org.miked.api.annotation.AuthSchemeName;
import org.miked.api.auth.AuthScheme;
import org.miked.api.auth.AuthSession;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.runtime.HostRuntime;
import org.osgi.service.component.annotations.Component;

/**
 * The default authentication scheme {@code sig}: every key-management message is signed by its sender
 * with Ed25519 (RFC 8032) under the signing key of the group policy and verified against the sender's
 * public key from the same policy.
 */
@Component(service = AuthScheme.class)
@AuthSchemeName(auth = SigScheme.NAME)
public class SigScheme implements AuthScheme {
    /** Name groups select this scheme by. */
    public static final String NAME = "sig";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AuthSession open(GroupPolicy policy, HostRuntime host) {
        return new SigSession(policy, host.cryptoMemo());
    }
}
