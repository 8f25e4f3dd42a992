package org.miked.dh.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.miked.api.MemberId;
import org.miked.common.crypto.Hkdf;
import org.miked.common.wire.WireWriter;
import org.miked.dh.group.DhGroup;
import org.miked.dh.wire.RunHeader;

/**
 * Everything that names one run at one member. Immutable.
 *
 * @param protocolName {@code bd}, {@code gdh2}, {@code gdh3}
 * @param protocolId its wire id
 * @param group the DH group
 * @param groupName the multicast group's name
 * @param run run number
 * @param members member list in protocol order
 * @param self this member's position
 * @param listHash first 16 bytes of SHA-256("miked agreement members" | group name | n | ids), see {@link #listHash}
 */
public record RunInfo(String protocolName, int protocolId, DhGroup group, String groupName, long run,
        List<MemberId> members, int self, byte[] listHash) {

    /** Largest member list (the position field is one byte; senders are at most 25 by design). */
    public static final int MAX_MEMBERS = 255;

    public RunInfo {
        members = List.copyOf(members);
        listHash = listHash.clone();
    }

    /**
     * @return the run info for self in members
     * @throws IllegalArgumentException if self is not a member, a member repeats, or n is outside 2..255
     */
    public static RunInfo of(String protocolName, int protocolId, DhGroup group, String groupName, long run,
            List<MemberId> members, MemberId self) {
        if (members.size() < 2 || members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("agreement needs 2.." + MAX_MEMBERS + " members, got " + members.size());
        }
        if (new HashSet<>(members).size() != members.size()) {
            throw new IllegalArgumentException("member list repeats a member: " + members);
        }
        int pos = members.indexOf(self);
        if (pos < 0) {
            throw new IllegalArgumentException(self + " is not in the member list " + members);
        }
        return new RunInfo(protocolName, protocolId, group, groupName, run, members, pos, listHash(groupName, members));
    }

    /** @return the 16-byte hash naming a member list of a group */
    public static byte[] listHash(String groupName, List<MemberId> members) {
        WireWriter w = new WireWriter();
        w.bytes("miked agreement members".getBytes(StandardCharsets.US_ASCII)).string8(groupName).u8(members.size());
        for (MemberId m : members) {
            w.string8(m.id());
        }
        return Arrays.copyOf(Hkdf.sha256(w.toByteArray()), RunHeader.LIST_HASH_BYTES);
    }

    /** @return number of members */
    public int n() {
        return members.size();
    }

    /** @return this host's id */
    public MemberId selfId() {
        return members.get(self);
    }

    /** @return the header of a message of this member */
    public RunHeader header(int type) {
        return new RunHeader(protocolId, type, group.code(), self, run, listHash, groupName);
    }

    @Override
    public byte[] listHash() {
        return listHash.clone();
    }

    /**
     * Checks a received header against this run.
     *
     * @param h the header
     * @param from the authenticated sender
     * @return null if the message belongs to this run and its position is the sender's; otherwise a rejection
     */
    public Rejects.Reason check(RunHeader h, MemberId from) {
        if (h.protocol() != protocolId) {
            return new Rejects.Reason("protocol", "protocol id " + h.protocol() + " is not " + protocolName);
        }
        if (!h.group().equals(groupName)) {
            return new Rejects.Reason("group", "group '" + h.group() + "' is not '" + groupName + "'");
        }
        if (h.dhGroup() != group.code()) {
            return new Rejects.Reason("dhgroup", "DH group code " + h.dhGroup() + " is not " + group.name());
        }
        if (h.run() < run) {
            return new Rejects.Reason("stale", "run " + h.run() + " is older than the current run " + run);
        }
        if (h.run() > run) {
            return new Rejects.Reason("future", "run " + h.run() + " is ahead of the current run " + run);
        }
        if (!h.sameList(listHash)) {
            return new Rejects.Reason("list", "member-list hash differs from this run's list " + members);
        }
        int pos = members.indexOf(from);
        if (pos < 0) {
            return new Rejects.Reason("member", from + " is not a member of run " + run);
        }
        if (h.position() != pos) {
            return new Rejects.Reason("position", "position " + h.position() + " forged: " + from + " is at " + pos);
        }
        return null;
    }
}
