package org.miked.gmf.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.runtime.StateStore;

/**
 * A group's revoked receivers at one sender, group-wide and across restarts (issue 10, findings 2 and 3).
 * An operator's eviction or pardon at any sender is a decision stamped with its time; every sender keeps the
 * newest decision per receiver in its state store (record {@code revoked.<group>}: lines
 * {@code id revoked|pardoned millis}) and tells the other senders (Control.Revoke). Revoked are the
 * receivers whose newest decision is "revoked", and the member ids in the policy's {@code excluded}.
 *
 * <pre>
 *  evict/pardon (operator, any sender) --decide(now)--> record --> key server.evict/pardon
 *                                          +--Control.Revoke(id, revoked, at) x 10 over 20 s--> other senders
 *  other sender: Control.Revoke --decide(at), if newer--> record --> its key server
 *  group (re)start: record + policy.excluded --> key server.evict(each)
 * </pre>
 */
final class Revocations {
    /** One decision: revoked or pardoned, and when (sender clock, ms). */
    record Decision(boolean revoked, long at) {
    }

    private final StateStore store;
    private final String name;
    private final GroupEvents events;
    private final Map<MemberId, Decision> decisions = new TreeMap<>();

    Revocations(StateStore store, GroupId group, GroupEvents events) {
        this.store = store;
        this.name = "revoked." + group.name();
        this.events = events;
        load();
    }

    private void load() {
        byte[] b = store.get(name);
        if (b == null) {
            return;
        }
        int lineNo = 0;
        for (String line : new String(b, StandardCharsets.UTF_8).split("\n")) {
            lineNo++;
            String[] f = line.trim().split(" ");
            if (f.length == 1 && f[0].isEmpty()) {
                continue;
            }
            try {
                if (f.length != 3 || !(f[1].equals("revoked") || f[1].equals("pardoned"))) {
                    throw new IllegalArgumentException("expected 'id revoked|pardoned millis'");
                }
                decisions.put(MemberId.of(f[0]), new Decision(f[1].equals("revoked"), Long.parseLong(f[2])));
            } catch (IllegalArgumentException e) {
                events.log("state record " + name + " line " + lineNo + " ignored: " + e.getMessage());
            }
        }
    }

    /**
     * Takes a decision if it is newer than the one held for the receiver (ties: revoked wins).
     *
     * @return true if it changed what is held
     */
    boolean decide(MemberId receiver, boolean revoked, long at) {
        Decision d = decisions.get(receiver);
        if (d != null && (d.at() > at || (d.at() == at && (d.revoked() || !revoked)))) {
            return false;
        }
        decisions.put(receiver, new Decision(revoked, at));
        save();
        return true;
    }

    private void save() {
        StringBuilder sb = new StringBuilder();
        decisions.forEach((id, d) -> sb.append(id.id()).append(d.revoked() ? " revoked " : " pardoned ").append(d.at())
                .append('\n'));
        try {
            store.put(name, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            events.count("state.write-failed");
            events.log("cannot keep revocations in " + store + ": " + e.getMessage());
        }
    }

    /** @return the decision held for a receiver, or null */
    Decision decision(MemberId receiver) {
        return decisions.get(receiver);
    }

    /** @return the receivers revoked by decisions (the policy's exclusions come on top) */
    Set<MemberId> revoked() {
        Set<MemberId> out = new TreeSet<>();
        decisions.forEach((id, d) -> {
            if (d.revoked()) {
                out.add(id);
            }
        });
        return out;
    }

    /** @return true if the store keeps decisions across a restart */
    boolean durable() {
        return store.durable();
    }
}
