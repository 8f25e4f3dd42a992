package org.miked.simulator.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.miked.api.MemberId;
import org.miked.api.gmf.GroupManager;

/**
 * The data plane's adversary: every departed receiver keeps every key it held (taken as every epoch from its
 * first to its highest, a superset) and sees every data packet without loss. Its one job is to find when each
 * departure was processed (no key server's tree holds the receiver any more) and to count, at the end, the
 * packets of its epochs sent more than the bound after that.
 *
 * <p>Processed: at its departure the key servers whose tree ({@code members}) holds the receiver are noted; each is
 * asked again only when its {@code epochEnteredAt} has changed (the data plane asks at every one of its packet
 * ticks), and drops out, at that epoch's start, once its tree no longer holds the receiver; a key server that is no
 * longer running drops out when that is noticed. The departure is processed when the last one drops out, at the
 * latest of those times. A departure no key server ever processes (a leave that never arrived) is not counted
 * here: the summary's {@code departedStillServed} reports it.
 */
final class DepartedAdversary {
    /** One departed receiver. */
    private static final class Departure {
        final long firstEpoch;
        final long highestEpoch;
        int holders;
        long processedAt = -1;

        Departure(long firstEpoch, long highestEpoch) {
            this.firstEpoch = firstEpoch;
            this.highestEpoch = highestEpoch;
        }
    }

    private final Function<MemberId, GroupManager> senders;
    /** A departure a key server's tree still held when last asked. */
    private record Held(Departure departure, MemberId receiver) {
    }

    /** Per key server, the departures its tree still held when last asked. */
    private final Map<MemberId, List<Held>> waiting = new LinkedHashMap<>();
    /** Per key server, the {@code epochEnteredAt} it had when last asked. */
    private final Map<MemberId, Long> lastEntered = new HashMap<>();
    private final List<Departure> departures = new ArrayList<>();

    /** @param senders a present sender's GMF by id, or null */
    DepartedAdversary(Function<MemberId, GroupManager> senders) {
        this.senders = senders;
    }

    /**
     * @param receiver departed now, holding the keys of epochs {@code firstEpoch..highestEpoch}
     * @param firstEpoch the first epoch it held (> 0)
     * @param highestEpoch the highest it held
     * @param senderIds every sender of the scenario
     * @param nowMs now
     */
    void departed(MemberId receiver, long firstEpoch, long highestEpoch, List<MemberId> senderIds, long nowMs) {
        Departure d = new Departure(firstEpoch, highestEpoch);
        departures.add(d);
        for (MemberId s : senderIds) {
            GroupManager gm = senders.apply(s);
            if (gm != null && gm.members(ScenarioPolicies.GROUP).contains(receiver)) {
                d.holders++;
                waiting.computeIfAbsent(s, k -> new ArrayList<>()).add(new Held(d, receiver));
                lastEntered.putIfAbsent(s, entered(gm));
            }
        }
        if (d.holders == 0) {
            d.processedAt = nowMs;
        }
    }

    /**
     * Asks a key server again if its epoch changed since it was last asked.
     *
     * @param server a sender
     * @param gm its GMF, or null if it is not running
     * @param nowMs now
     */
    void poll(MemberId server, GroupManager gm, long nowMs) {
        List<Held> ds = waiting.get(server);
        if (ds == null || ds.isEmpty()) {
            return;
        }
        if (gm == null) {
            for (Held h : ds) {
                release(h.departure(), nowMs);
            }
            ds.clear();
            return;
        }
        long e = entered(gm);
        Long last = lastEntered.get(server);
        if (last != null && last == e) {
            return;
        }
        lastEntered.put(server, e);
        Set<MemberId> tree = gm.members(ScenarioPolicies.GROUP);
        ds.removeIf(h -> {
            if (tree.contains(h.receiver())) {
                return false;
            }
            release(h.departure(), e);
            return true;
        });
    }

    private static void release(Departure d, long atMs) {
        d.processedAt = Math.max(d.processedAt, atMs);
        d.holders--;
    }

    private static long entered(GroupManager gm) {
        OptionalLong e = gm.epochEnteredAt(ScenarioPolicies.GROUP);
        return e.isPresent() ? e.getAsLong() : Long.MIN_VALUE;
    }

    /** @return departures processed so far */
    int processed() {
        int n = 0;
        for (Departure d : departures) {
            if (d.holders == 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * @param log the packets sent
     * @param boundMs the bound B
     * @return (departure, packet) pairs of a processed departure and a packet of one of its epochs sent more than
     *     {@code boundMs} after it was processed
     */
    long decrypted(EpochSendLog log, long boundMs) {
        long n = 0;
        for (Departure d : departures) {
            if (d.holders > 0) {
                continue;
            }
            for (long e : log.epochs()) {
                if (e >= d.firstEpoch && e <= d.highestEpoch) {
                    n += log.countAfter(e, d.processedAt + boundMs);
                }
            }
        }
        return n;
    }
}
