package org.miked.gmf.core;

import org.miked.api.dispatch.Destination;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaSink;

/** What a group session needs from its host's GMF. */
interface Host {
    /** @return the runtime whose timers run under the GMF lock */
    HostRuntime runtime();

    /** @return false if the dispatcher refused the datagram locally */
    boolean transmit(Destination to, byte[] datagram);

    /** @return the next sequence number of this host (never reused, also across restarts) */
    long nextSequence();

    Registry registry();

    /**
     * @param name sink name
     * @return the host's open sink of that kind (opened on first use)
     * @throws SaException if the sink is not deployed or cannot work here
     */
    SaSink sink(String name) throws SaException;

    /**
     * Re-opens a receiver group's channel listening to these key servers' rekey channels (failover).
     *
     * @param policy the group's policy
     * @param servers the key servers whose rekey channels the host joins
     */
    void listen(org.miked.api.policy.GroupPolicy policy, java.util.List<org.miked.api.MemberId> servers);

    /** @param line one log line about this host */
    void log(String line);
}
