package org.miked.common.state;

import java.util.HashMap;
import java.util.Map;
import org.miked.api.runtime.StateStore;

/**
 * Records in memory: a simulated host's store, which the simulated network keeps per host id so that it
 * outlives the host's restart (the simulation's stand-in for a disk). Thread-safe.
 */
public final class MemoryStateStore implements StateStore {
    private final Map<String, byte[]> records = new HashMap<>(2);

    @Override
    public synchronized byte[] get(String name) {
        byte[] v = records.get(StateStore.checkName(name));
        return v == null ? null : v.clone();
    }

    @Override
    public synchronized void put(String name, byte[] value) {
        if (value == null) {
            records.remove(StateStore.checkName(name));
        } else {
            records.put(StateStore.checkName(name), value.clone());
        }
    }
}
