package org.miked.simulator;

import java.util.List;
import java.util.Objects;

/**
 * The faults a scenario injects, so that they are part of a repeatable experiment (issue 11): host
 * crashes with or without a restart, partitions that cut hosts off for a while, and a share of the
 * scenario's leaves that happen silently (the receiver vanishes without a LEAVE).
 *
 * @param crashes host crashes, in file order
 * @param partitions partitions, in file order
 * @param silentLeaves fraction of the scenario's {@code leaves} that vanish without a LEAVE, [0, 1]; which
 *     ones is decided by the seed
 */
public record Faults(List<Crash> crashes, List<Partition> partitions, double silentLeaves) {
    /** No faults: the scenario runs as before issue 11. */
    public static final Faults NONE = new Faults(List.of(), List.of(), 0);

    public Faults {
        crashes = List.copyOf(Objects.requireNonNull(crashes, "crashes"));
        partitions = List.copyOf(Objects.requireNonNull(partitions, "partitions"));
        if (!(silentLeaves >= 0 && silentLeaves <= 1)) {
            throw new IllegalArgumentException("silentLeaves must be in [0, 1], got " + silentLeaves);
        }
    }

    /** @return true if nothing is injected */
    public boolean isEmpty() {
        return crashes.isEmpty() && partitions.isEmpty() && silentLeaves == 0;
    }
}
