package org.miked.lkh.state;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.miked.api.MemberId;

/**
 * The plaintext body of a key server's state record ({@link ServerState}), before {@link StateSealer} seals
 * it. Fixed-width big-endian fields; keys are stored, not derived (docs/decisions.md, "key-server state").
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    degree     |    height     |           reserved (0)        |
 * +---------------+---------------+-------------------------------+
 * |                 seq (8 bytes): the batch's rekey sequence     |
 * +                                                               +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                 seqReserved (8 bytes)                         |
 * +                                                               +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                 epoch (8 bytes)                               |
 * +                                                               +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                 nextSlot                                      |
 * +---------------------------------------------------------------+
 * |                 receivers R                                   |
 * +---------------------------------------------------------------+
 * ~  R x receiver (30 bytes + id):                                ~
 * |     flags     |    id len I   |  leaf index (4) ...           |
 * +---------------+---------------+-------------------------------+
 * |  ... leaf     |  leaf version (4) ...                         |
 * +---------------+-----------------------------------------------+
 * |  ... version  |  refresh counter (4) ...                      |
 * +---------------+-----------------------------------------------+
 * |  ... counter  |  leaf key (16 bytes) ...                      ~
 * +---------------+-----------------------------------------------+
 * ~  ... leaf key |  receiver id (I bytes, ASCII)                 ~
 * +---------------------------------------------------------------+
 * |                 interior nodes N                              |
 * +---------------------------------------------------------------+
 * ~  N x node (24 bytes): node id (level &lt;&lt; 24 | index) (4),   ~
 * ~                       key version (4), key (16)               ~
 * +---------------------------------------------------------------+
 *  flags: bit 0 EMCON. Nothing may follow the last node.
 * </pre>
 *
 * At 4,000 receivers (d = 4, ids of 7 characters) a body is about 37 bytes per receiver plus 24 per interior
 * node: ~180 KB.
 */
public final class ServerStateCodec {
    private static final int FIXED = 4 + 8 + 8 + 8 + 4 + 4;
    private static final int RECEIVER = 1 + 1 + 4 + 4 + 4 + ServerState.KEY_LEN;
    private static final int NODE = 4 + 4 + ServerState.KEY_LEN;

    private ServerStateCodec() {
    }

    /** @return the body of a state record */
    public static byte[] encode(ServerState s) {
        int size = FIXED + 4;
        for (ServerState.Receiver r : s.receivers()) {
            size += RECEIVER + r.id().id().length();
        }
        size += s.nodeIds().length * NODE;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put((byte) s.degree()).put((byte) s.height()).putShort((short) 0);
        b.putLong(s.seq()).putLong(s.seqReserved()).putLong(s.epoch());
        b.putInt(s.nextSlot()).putInt(s.receivers().size());
        for (ServerState.Receiver r : s.receivers()) {
            byte[] id = r.id().id().getBytes(StandardCharsets.US_ASCII);
            b.put((byte) (r.emcon() ? 1 : 0)).put((byte) id.length).putInt(r.leaf()).putInt((int) r.leafVersion())
                    .putInt((int) Math.min(0xffffffffL, r.refreshCounter())).put(r.leafKey()).put(id);
        }
        b.putInt(s.nodeIds().length);
        for (int i = 0; i < s.nodeIds().length; i++) {
            b.putInt(s.nodeIds()[i]).putInt((int) s.nodeVersions()[i]).put(s.nodeKeys(), i * ServerState.KEY_LEN,
                    ServerState.KEY_LEN);
        }
        return b.array();
    }

    /**
     * @param body an opened (authenticated) record body; still checked field by field, so that a record
     *     written by a faulty version cannot build an impossible tree
     * @return the state
     * @throws StateDamage CORRUPT, naming the first field out of range
     */
    public static ServerState decode(byte[] body) throws StateDamage {
        try {
            return read(ByteBuffer.wrap(body));
        } catch (BufferUnderflowException e) {
            throw corrupt("body of " + body.length + " bytes ends inside a field");
        } catch (IllegalArgumentException e) {
            throw corrupt(e.getMessage());
        }
    }

    private static ServerState read(ByteBuffer b) throws StateDamage {
        int degree = b.get() & 0xff;
        int height = b.get() & 0xff;
        b.getShort();
        long seq = b.getLong();
        long reserved = b.getLong();
        long epoch = b.getLong();
        long nextSlot = Integer.toUnsignedLong(b.getInt());
        long count = Integer.toUnsignedLong(b.getInt());
        if (degree < 2 || degree > 64) {
            throw corrupt("degree " + degree);
        }
        if (height < 1 || height > 30) {
            throw corrupt("height " + height);
        }
        if (seq < 0 || reserved < seq || epoch < 0) {
            throw corrupt("seq " + seq + ", reserved " + reserved + ", epoch " + epoch);
        }
        double capacity = Math.pow(degree, height);
        if (nextSlot > capacity || nextSlot > 1 << 24) {
            throw corrupt("next slot " + nextSlot + " beyond a tree of height " + height);
        }
        if (count > nextSlot || count * RECEIVER > b.remaining()) {
            throw corrupt(count + " receivers for " + nextSlot + " slots in " + b.remaining() + " bytes");
        }
        List<ServerState.Receiver> rs = new ArrayList<>((int) count);
        BitSet leaves = new BitSet((int) nextSlot);
        Set<MemberId> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int flags = b.get() & 0xff;
            int idLen = b.get() & 0xff;
            int leaf = b.getInt();
            long version = Integer.toUnsignedLong(b.getInt());
            long counter = Integer.toUnsignedLong(b.getInt());
            byte[] key = new byte[ServerState.KEY_LEN];
            b.get(key);
            byte[] id = new byte[idLen];
            b.get(id);
            MemberId m = MemberId.of(new String(id, StandardCharsets.US_ASCII));
            if ((flags & ~1) != 0 || leaf < 0 || leaf >= nextSlot || version > seq) {
                throw corrupt("receiver " + m + ": flags " + flags + ", leaf " + leaf + ", version " + version);
            }
            if (leaves.get(leaf) || !ids.add(m)) {
                throw corrupt("receiver " + m + " or leaf " + leaf + " twice");
            }
            leaves.set(leaf);
            rs.add(new ServerState.Receiver(m, (flags & 1) != 0, leaf, version, counter, key));
        }
        long nodes = Integer.toUnsignedLong(b.getInt());
        if (nodes * NODE != b.remaining()) {
            throw corrupt(nodes + " interior nodes in " + b.remaining() + " bytes");
        }
        int[] nodeIds = new int[(int) nodes];
        long[] versions = new long[(int) nodes];
        byte[] keys = new byte[(int) nodes * ServerState.KEY_LEN];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < nodes; i++) {
            int id = b.getInt();
            long version = Integer.toUnsignedLong(b.getInt());
            b.get(keys, i * ServerState.KEY_LEN, ServerState.KEY_LEN);
            int level = id >>> 24;
            int index = id & 0xffffff;
            if (level < 1 || level > height || index >= Math.ceil(nextSlot / Math.pow(degree, level)) + 1
                    || version > seq || !seen.add(id)) {
                throw corrupt("interior node " + level + "/" + index + " version " + version);
            }
            nodeIds[i] = id;
            versions[i] = version;
        }
        return new ServerState(degree, height, seq, reserved, epoch, (int) nextSlot, rs, nodeIds, versions, keys);
    }

    private static StateDamage corrupt(String what) {
        return new StateDamage(StateDamage.Kind.CORRUPT, "authentic but malformed body: " + what);
    }
}
