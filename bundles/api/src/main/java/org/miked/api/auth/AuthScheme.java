package org.miked.api.auth;

import org.miked.api.policy.GroupPolicy;
import org.miked.api.runtime.HostRuntime;
import org.osgi.annotation.versioning.ConsumerType;

/** An authentication scheme, registered as a service with {@code miked.auth=<name>}. */
@ConsumerType
public interface AuthScheme {
    /** Service property naming a scheme. */
    String NAME_PROPERTY = "miked.auth";

    /** @return the name groups select it by ({@code "sig"}, {@code "tesla"}) */
    String name();

    /**
     * @param policy the group policy (credentials, parameters)
     * @param host the host's runtime (TESLA needs its clock)
     * @return a session
     * @throws IllegalArgumentException if the policy's credentials do not suit the scheme; the message says
     *     which field
     */
    AuthSession open(GroupPolicy policy, HostRuntime host);
}
