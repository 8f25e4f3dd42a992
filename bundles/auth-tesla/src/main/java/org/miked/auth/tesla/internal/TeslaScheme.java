package org.miked.auth.tesla.internal;

import java.util.function.Consumer;
import org.miked.api.Role;
import org.miked.api.annotation.AuthSchemeName;
import org.miked.api.auth.AuthScheme;
import org.miked.api.auth.AuthSession;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.runtime.HostRuntime;
import org.miked.auth.tesla.core.TeslaReceiver;
import org.miked.auth.tesla.core.TeslaSender;
import org.osgi.service.component.annotations.Component;

/**
 * The authentication scheme {@code tesla} (RFC 4082) for a group's {@code rekeyAuth}: the key server MACs
 * its multicast with keys of a one-way chain it discloses later, so a receiver checks a 10-byte MAC and a
 * few hashes per rekey message instead of an Ed25519 signature; the chain's commitment is signed with
 * Ed25519. Parameters {@code tesla.*} of the group policy (see {@link org.miked.auth.tesla.core.TeslaParams}).
 * At the key server the session seals; at a receiver it opens.
 */
@Component(service = AuthScheme.class)
@AuthSchemeName(auth = TeslaScheme.NAME)
public class TeslaScheme implements AuthScheme {
    /** Name groups select this scheme by. */
    public static final String NAME = "tesla";
    private static final System.Logger LOG = System.getLogger("org.miked.auth.tesla");

    @Override
    public String name() {
        return NAME;
    }

    /** Without an emitter the key server cannot disclose its last keys when it falls silent. */
    @Override
    public AuthSession open(GroupPolicy policy, HostRuntime host) {
        return open(policy, host, ignored -> { });
    }

    @Override
    public AuthSession open(GroupPolicy policy, HostRuntime host, Consumer<byte[]> emit) {
        return policy.role() == Role.SENDER ? new TeslaSender(policy, host, emit)
                : new TeslaReceiver(policy, host, line -> LOG.log(System.Logger.Level.WARNING, line));
    }
}
