package org.miked.lkh.wire;

import java.util.List;

/**
 * A key-server message that carries wrapped keys: a multicast rekey packet, a multicast EMCON repair
 * packet, a unicast repair answer or a unicast registration answer (decoded; untrusted).
 *
 * @param type {@link LkhCodec#REKEY}, {@link LkhCodec#REPAIR}, {@link LkhCodec#KEYS} or
 *     {@link LkhCodec#WELCOME}
 * @param degree the key tree's degree
 * @param part index of this packet among the packets of one rekey (0-based)
 * @param parts number of packets of this rekey (a receiver needs the one whose leaf range holds its leaf)
 * @param seq rekey sequence number (per key server, increasing)
 * @param epoch epoch of the epoch key carried
 * @param lo first leaf index this packet serves
 * @param hi last leaf index this packet serves (inclusive)
 * @param serverPub the server's ephemeral X25519 key ({@link LkhCodec#WELCOME} only, else empty)
 * @param entries the wrapped keys, lowest tree level first
 */
public record KeyMessage(int type, int degree, int part, int parts, long seq, long epoch, long lo, long hi,
        byte[] serverPub, List<WrapEntry> entries) {
    public KeyMessage {
        serverPub = serverPub.clone();
        entries = List.copyOf(entries);
    }

    @Override
    public byte[] serverPub() {
        return serverPub.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyMessage m && m.type == type && m.degree == degree && m.part == part && m.parts == parts
                && m.seq == seq && m.epoch == epoch && m.lo == lo && m.hi == hi
                && java.util.Arrays.equals(m.serverPub, serverPub) && m.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(type, seq, epoch, lo, entries);
    }
}
