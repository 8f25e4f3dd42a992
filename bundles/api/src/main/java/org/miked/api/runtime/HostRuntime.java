package org.miked.api.runtime;

import org.miked.api.MemberId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Everything one host's event loop offers: its identity, time, timers and randomness. A dispatcher
 * hands one to each GMF it serves; the GMF passes it down to protocol cores.
 */
// implemented by dispatcher bundles, the GMF's LockedRuntime and test runtimes
@ConsumerType
public interface HostRuntime {
    /** @return this host's identity */
    MemberId self();

    /** @return the host clock */
    Clock clock();

    /** @return the host's timer queue and event loop */
    Scheduler scheduler();

    /** @return the host's randomness */
    RandomSource random();

    /**
     * @return where the host may share deterministic verification results with the other hosts of its
     *     process ({@link CryptoMemo#NONE} unless the dispatcher offers sharing)
     */
    default CryptoMemo cryptoMemo() {
        return CryptoMemo.NONE;
    }

    /**
     * @return what this host keeps across restarts ({@link StateStore#NONE} unless the dispatcher was given a
     *     place for it)
     */
    default StateStore stateStore() {
        return StateStore.NONE;
    }
}
