package org.miked.simulator;

import java.util.List;

/**
 * One partition of a scenario: from {@code atS} for {@code durationS} the listed hosts reach only each
 * other; every datagram between one of them and any other host is dropped, then the cut heals.
 *
 * @param atS simulated second the cut begins
 * @param durationS how long it lasts, > 0
 * @param hosts the hosts cut off, named as the simulator names them ({@code s03}, {@code r000042}); not empty
 */
public record Partition(double atS, double durationS, List<String> hosts) {
    public Partition {
        hosts = List.copyOf(hosts);
        if (!(atS >= 0) || Double.isInfinite(atS) || !(durationS > 0) || Double.isInfinite(durationS)
                || hosts.isEmpty()) {
            throw new IllegalArgumentException("a partition needs atS >= 0, durationS > 0 and hosts: " + atS + ", "
                    + durationS + ", " + hosts);
        }
    }

    /** @return the start in virtual ms (inclusive) */
    public long fromMs() {
        return Math.round(atS * 1000);
    }

    /** @return the end in virtual ms (exclusive) */
    public long untilMs() {
        return Math.round((atS + durationS) * 1000);
    }
}
