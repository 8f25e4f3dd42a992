package org.miked.dispatcher.real.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the real dispatcher (PID {@code org.miked.dispatcher.real}). */
@ObjectClassDefinition(name = "MIKED real dispatcher",
        description = "Key-management datagrams over the host's UDP/IPv4 and UDP/IPv6")
public @interface RealDispatcherConfig {
    @AttributeDefinition(description = "Interface that joins the control multicast groups; empty: first up, "
            + "multicast-capable, non-loopback interface")
    String interfaceName() default "";

    @AttributeDefinition(description = "IP versions groups may use", options = {
        @org.osgi.service.metatype.annotations.Option(value = "any"),
        @org.osgi.service.metatype.annotations.Option(value = "ipv4"),
        @org.osgi.service.metatype.annotations.Option(value = "ipv6")})
    String family() default "any";

    @AttributeDefinition(description = "Local IPv4 address to send from and receive unicast on; empty: the "
            + "interface's first IPv4 address")
    String bindAddress4() default "";

    @AttributeDefinition(description = "Local IPv6 address; empty: the interface's first global, else "
            + "link-local IPv6 address")
    String bindAddress6() default "";

    @AttributeDefinition(description = "TTL / hop limit of multicast sent (0: this host only)")
    int multicastHops() default 16;

    @AttributeDefinition(description = "Loop multicast back to other daemons on this host")
    boolean loopback() default true;

    @AttributeDefinition(description = "Milliseconds between attempts to re-open a failed socket or re-join "
            + "a group after its interface went down")
    long retryIntervalMillis() default 5000;

    @AttributeDefinition(description = "Datagrams queued for sending before send() refuses")
    int sendQueueLimit() default 4096;

    @AttributeDefinition(description = "Unicast addresses kept (LRU) that were learned from the sources of authenticated datagrams")
    int maxLearnedPeers() default 100_000;

    @AttributeDefinition(description = "Directory of the state the host keeps across restarts (revoked receivers, "
            + "the highest epoch held), one subdirectory per host id, owner-only; empty: none is kept (a restart "
            + "forgets evictions and a restarted receiver cannot tell an old epoch from a current one)")
    String stateDirectory() default "";
}
