package org.miked.api.auth;

import org.miked.api.policy.GroupPolicy;
import org.miked.api.runtime.HostRuntime;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An authentication scheme, registered as a service with {@code miked.auth=<name>}, set by
 * {@link org.miked.api.annotation.AuthSchemeName} on the component.
 */
@ConsumerType
public interface AuthScheme {
    /**
     * @return the name groups select it by ({@code "sig"}, {@code "tesla"}); the same value as the
     *     component's {@code AuthSchemeName}, for registries outside OSGi
     */
    String name();

    /**
     * @param policy the group policy (credentials, parameters)
     * @param host the host's runtime (TESLA needs its clock)
     * @return a session
     * @throws IllegalArgumentException if the policy's credentials do not suit the scheme; the message says
     *     which field
     */
    AuthSession open(GroupPolicy policy, HostRuntime host);

    /**
     * Opens a session that may send messages of its own (TESLA discloses keys when the host has nothing
     * else to send). Whatever the session passes to {@code emit} goes out like a protocol message with an
     * empty body: framed by the GMF, sealed by this session, multicast to the same audience; receivers
     * never hand an empty body to a protocol.
     *
     * @param policy the group policy
     * @param host the host's runtime
     * @param emit sends one scheme message (its argument is ignored by the GMF; pass an empty array)
     * @return a session
     */
    default AuthSession open(GroupPolicy policy, HostRuntime host, java.util.function.Consumer<byte[]> emit) {
        return open(policy, host);
    }
}
