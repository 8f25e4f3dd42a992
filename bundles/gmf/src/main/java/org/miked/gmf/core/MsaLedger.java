package org.miked.gmf.core;

import java.util.ArrayList;
import java.util.List;
import org.miked.api.MemberId;
import org.miked.api.protocol.EpochKey;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.api.sa.SaSink;

/**
 * The MSAs one group installed, by epoch: stages the MSAs of a new epoch and commits them to the SA sink
 * all or nothing, deletes older epochs after the grace period, and answers which group owns an SA.
 *
 * <pre>
 *  Ke(n) --stage--> StagedEpoch (MSAs derived, nothing installed)
 *        --commit--> sink.installAll(MSAs)
 *                      all taken:  ledger[n] = MSAs                      --> the group may say KEYED
 *                      a refusal:  the sink holds what it held before,
 *                                  ledger unchanged, reason returned      --> the group says SA_REFUSED
 *  after the grace period: delete every epoch below n (packets in flight under n-1 still decrypt)
 * </pre>
 */
final class MsaLedger {
    /**
     * The MSAs of an epoch, derived but not installed.
     *
     * @param epoch the epoch
     * @param msas one per sender, in policy order
     */
    record StagedEpoch(long epoch, List<Msa> msas) {
        StagedEpoch {
            msas = List.copyOf(msas);
        }
    }

    /** An installed epoch's MSAs. */
    private record Held(long epoch, List<Msa> msas) {
    }

    private final GroupEvents events;
    /**
     * Installed epochs, oldest first; two or three at a time (a list, not a tree map: a simulated network
     * keeps 100,000 ledgers, and a tree's views and nodes were 5% of a churn profile).
     */
    private final List<Held> installed = new ArrayList<>(4);

    MsaLedger(GroupEvents events) {
        this.events = events;
    }

    /**
     * Installs a staged epoch: all of its MSAs, or none. After a refusal the sink holds exactly what it held
     * before this call (the ones this call installed are deleted again) and the ledger is unchanged.
     *
     * @param staged the epoch's MSAs
     * @param sink the group's sink
     * @return null if the sink took every MSA, else the sink's reason
     */
    String commit(StagedEpoch staged, SaSink sink) {
        try {
            // the staged list itself (immutable; a simulated receiver's is shared with the others of its
            // process, and the memory sink keeps the list rather than one entry per MSA)
            sink.installAll(staged.msas());
        } catch (SaException e) {
            events.count("sa.install-failed");
            String why = "SA sink refused " + e.getMessage();
            events.log(why);
            return why;
        }
        put(staged.epoch(), staged.msas());
        return null;
    }

    /** Records an epoch's MSAs, replacing what the same epoch held, keeping epochs in order. */
    private void put(long epoch, List<Msa> msas) {
        int i = installed.size();
        while (i > 0 && installed.get(i - 1).epoch() >= epoch) {
            i--;
        }
        if (i < installed.size() && installed.get(i).epoch() == epoch) {
            installed.set(i, new Held(epoch, msas));
        } else {
            installed.add(i, new Held(epoch, msas));
        }
    }

    /** Deletes every MSA of epochs before this one. */
    void deleteOlderThan(long epoch, SaSink sink) {
        int n = 0;
        while (n < installed.size() && installed.get(n).epoch() < epoch) {
            delete(sink, installed.get(n).msas());
            n++;
        }
        installed.subList(0, n).clear();
    }

    /** Deletes every MSA this group installed. */
    void deleteAll(SaSink sink) {
        for (Held h : installed) {
            delete(sink, h.msas());
        }
        installed.clear();
    }

    private void delete(SaSink sink, List<Msa> msas) {
        if (sink == null) {
            return;
        }
        try {
            sink.deleteAll(msas);
        } catch (SaException e) {
            events.count("sa.delete-failed");
            events.log("SA sink could not delete " + e.getMessage());
        }
    }

    /** The sink dropped an SA by itself (hard lifetime): forget it. */
    void forget(SaId id) {
        installed.replaceAll(h -> h.msas().stream().anyMatch(m -> m.id().equals(id))
                ? new Held(h.epoch(), h.msas().stream().filter(m -> !m.id().equals(id)).toList()) : h);
    }

    /** @return true if this group installed an SA with this id (in any epoch still held) */
    boolean owns(SaId id) {
        for (Held h : installed) {
            for (Msa m : h.msas()) {
                if (m.id().equals(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return true if the SA belongs to this epoch and {@code self} sends with it */
    boolean isOutbound(SaId id, long epoch, MemberId self) {
        for (Held h : installed) {
            if (h.epoch() == epoch) {
                return h.msas().stream().anyMatch(m -> m.id().equals(id) && m.sender().equals(self));
            }
        }
        return false;
    }

    /** @return how many MSAs the ledger holds */
    int size() {
        int n = 0;
        for (Held h : installed) {
            n += h.msas().size();
        }
        return n;
    }
}
