package org.miked.api.protocol;

import org.miked.api.dispatch.Destination;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.runtime.HostRuntime;
import org.osgi.annotation.versioning.ProviderType;

/** What the GMF gives a protocol session: policy, runtime and an outbox. */
@ProviderType
public interface ProtocolContext {
    /** @return the group's policy at the time the session was opened */
    GroupPolicy policy();

    /** @return clock, scheduler, randomness and identity of this host */
    HostRuntime runtime();

    /**
     * Queues a message. The GMF frames it with group, sender, epoch and sequence number, seals it with
     * the group's authentication scheme and hands it to the dispatcher. Never blocks.
     *
     * @param to destination
     * @param body protocol message
     */
    void send(org.miked.api.dispatch.Destination to, byte[] body);

    /**
     * Records a protocol event in the host log (rejections, restarts), for researchers and tests.
     *
     * @param message one line
     */
    void log(String message);

    /**
     * Counts an event in the group's counters shown by {@code mike:stats}.
     *
     * @param counter counter name, e.g. {@code "lkh.rejected.stale"}
     */
    void count(String counter);

    /** @return a destination helper for this group */
    default Destination toSenders() {
        return Destination.multicast(policy().group(), org.miked.api.dispatch.Audience.SENDERS);
    }

    /** @return a destination helper for this group's receivers */
    default Destination toReceivers() {
        return Destination.multicast(policy().group(), org.miked.api.dispatch.Audience.RECEIVERS);
    }
}
