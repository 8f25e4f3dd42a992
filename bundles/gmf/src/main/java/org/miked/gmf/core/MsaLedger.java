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
 *  a sender's own outbound MSA of n: commitOutbound at n's switch time (EpochSwitches)
 *  once no sender can still send under older epochs: delete every epoch below n
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

    /**
     * An installed epoch's MSAs: the list installed together (a receiver's: all of them; a sender's: the other
     * senders'), and a sender's own outbound MSA once its switch time came ({@link EpochSwitches}).
     */
    private record Held(long epoch, List<Msa> msas, Msa outbound) {
        Held(long epoch, List<Msa> msas) {
            this(epoch, msas, null);
        }

        boolean has(SaId id) {
            if (outbound != null && outbound.id().equals(id)) {
                return true;
            }
            for (Msa m : msas) {
                if (m.id().equals(id)) {
                    return true;
                }
            }
            return false;
        }
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
            installed.set(i, new Held(epoch, msas, installed.get(i).outbound()));
        } else {
            installed.add(i, new Held(epoch, msas));
        }
    }

    /**
     * Installs a sender's own outbound MSA of an epoch whose other MSAs this ledger holds: the moment the kernel
     * starts sending with it.
     *
     * @param epoch the epoch, held
     * @param outbound its outbound MSA
     * @param sink the group's sink
     * @return null if the sink took it, else the sink's reason (the sink then holds what it held before, and the
     *     host keeps sending with its previous outbound MSA, if it has one)
     */
    String commitOutbound(long epoch, Msa outbound, SaSink sink) {
        int i = indexOf(epoch);
        if (i < 0) {
            return "epoch " + epoch + " is no longer held";
        }
        try {
            sink.install(outbound);
        } catch (SaException e) {
            events.count("sa.install-failed");
            String why = "SA sink refused " + e.getMessage();
            events.log(why);
            return why;
        }
        Held h = installed.get(i);
        installed.set(i, new Held(epoch, h.msas(), outbound));
        return null;
    }

    private int indexOf(long epoch) {
        for (int i = 0; i < installed.size(); i++) {
            if (installed.get(i).epoch() == epoch) {
                return i;
            }
        }
        return -1;
    }

    /** @return the oldest epoch held, or {@code Long.MIN_VALUE} if none */
    long oldestEpoch() {
        return installed.isEmpty() ? Long.MIN_VALUE : installed.get(0).epoch();
    }

    /** @return true if the ledger holds this epoch */
    boolean holds(long epoch) {
        return indexOf(epoch) >= 0;
    }

    /** @return the highest epoch whose outbound MSA is installed, or -1 */
    long newestOutboundEpoch() {
        for (int i = installed.size() - 1; i >= 0; i--) {
            if (installed.get(i).outbound() != null) {
                return installed.get(i).epoch();
            }
        }
        return -1;
    }

    /** Deletes every MSA of epochs before this one. */
    void deleteOlderThan(long epoch, SaSink sink) {
        int n = 0;
        while (n < installed.size() && installed.get(n).epoch() < epoch) {
            delete(sink, installed.get(n));
            n++;
        }
        installed.subList(0, n).clear();
    }

    /** Deletes every MSA this group installed. */
    void deleteAll(SaSink sink) {
        for (Held h : installed) {
            delete(sink, h);
        }
        installed.clear();
    }

    private void delete(SaSink sink, Held h) {
        if (sink == null) {
            return;
        }
        try {
            if (h.outbound() != null) {
                sink.delete(h.outbound().id()); // first: the kernel then sends with the next newest, never in clear
            }
            sink.deleteAll(h.msas());
        } catch (SaException e) {
            events.count("sa.delete-failed");
            events.log("SA sink could not delete " + e.getMessage());
        }
    }

    /** The sink dropped an SA by itself (hard lifetime): forget it. */
    void forget(SaId id) {
        installed.replaceAll(h -> !h.has(id) ? h
                : new Held(h.epoch(), h.msas().stream().filter(m -> !m.id().equals(id)).toList(),
                        h.outbound() != null && h.outbound().id().equals(id) ? null : h.outbound()));
    }

    /** @return true if this group installed an SA with this id (in any epoch still held) */
    boolean owns(SaId id) {
        for (Held h : installed) {
            if (h.has(id)) {
                return true;
            }
        }
        return false;
    }

    /** @return true if the SA belongs to this epoch and {@code self} sends with it */
    boolean isOutbound(SaId id, long epoch, MemberId self) {
        for (Held h : installed) {
            if (h.epoch() == epoch) {
                return h.outbound() != null && h.outbound().id().equals(id)
                        || h.msas().stream().anyMatch(m -> m.id().equals(id) && m.sender().equals(self));
            }
        }
        return false;
    }

    /** @return how many MSAs the ledger holds */
    int size() {
        int n = 0;
        for (Held h : installed) {
            n += h.msas().size() + (h.outbound() == null ? 0 : 1);
        }
        return n;
    }
}
