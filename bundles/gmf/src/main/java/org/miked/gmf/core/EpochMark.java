package org.miked.gmf.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.miked.api.GroupId;
import org.miked.api.runtime.StateStore;

/**
 * The highest epoch this host has held in one group, kept in the host's {@link StateStore} (record
 * {@code epoch.<group>}, decimal text) so that a restart remembers it: a receiver then refuses any older
 * epoch (a replayed, genuinely signed rekey of an old epoch would otherwise install MSAs that departed
 * members still hold: issue 10, finding 4), and a sender never starts a run below it (its clock may have
 * been stepped back). A record that cannot be read or parsed counts as none, and says so.
 */
final class EpochMark {
    private final StateStore store;
    private final String name;
    private final GroupEvents events;
    private long held;

    EpochMark(StateStore store, GroupId group, GroupEvents events) {
        this.store = store;
        this.name = "epoch." + group.name();
        this.events = events;
        this.held = read();
    }

    private long read() {
        byte[] b = store.get(name);
        if (b == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(b, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            events.log("state record " + name + " is not an epoch number; ignored");
            return -1;
        }
    }

    /** @return the highest epoch held, also before a restart; -1 if none */
    long held() {
        return held;
    }

    /** Records that the host now holds this epoch (if higher than any it held). */
    void hold(long epoch) {
        if (epoch <= held) {
            return;
        }
        held = epoch;
        try {
            store.put(name, Long.toString(epoch).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            events.count("state.write-failed");
            events.log("cannot keep epoch " + epoch + " in " + store + ": " + e.getMessage());
        }
    }
}
