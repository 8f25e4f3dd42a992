package org.miked.gmf.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of this process's own GMF (PID {@code org.miked.gmf.host}). */
@ObjectClassDefinition(name = "MIKED host GMF", description = "The group management framework of this host")
public @interface HostConfig {
    /** Default host identity when none is configured. */
    String DEFAULT_SELF = "local";
    /** Default dispatcher filter: any. */
    String DEFAULT_DISPATCHER = "(miked.dispatcher=*)";
    /** Default longest wait, when the framework stops, for the key servers to acknowledge this host's leaves. */
    long DEFAULT_SHUTDOWN_WAIT_MILLIS = 3_000;

    @AttributeDefinition(description = "This host's member id, as group policies name it")
    String self() default DEFAULT_SELF;

    @AttributeDefinition(name = "dispatcher.target", description = "LDAP filter selecting the message dispatcher")
    String dispatcher_target() default DEFAULT_DISPATCHER;

    @AttributeDefinition(description = "Join every group the policy database configures")
    boolean autoJoin() default true;

    @AttributeDefinition(description = "When the framework stops (SIGTERM), the longest wait in ms for the key"
            + " servers to acknowledge this host's LEAVEs before the other bundles stop (at least 0)")
    long shutdownWaitMillis() default DEFAULT_SHUTDOWN_WAIT_MILLIS;
}
