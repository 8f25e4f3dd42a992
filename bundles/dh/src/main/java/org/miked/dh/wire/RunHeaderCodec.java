package org.miked.dh.wire;

import org.miked.common.wire.DecodeException;
import org.miked.common.wire.WireReader;
import org.miked.common.wire.WireWriter;

/**
 * Codec of {@link RunHeader}, the prefix of every bd / gdh2 / gdh3 message.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   protocol    |     type      |   DH group    |   position    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                         run (64 bits)                         +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +              member-list hash (128 bits, see RunInfo)         +
 * |                                                               |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  group len    |  group name (1..64 bytes UTF-8) ...           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  protocol body ...
 * </pre>
 *
 * Size: 29 + group name bytes (34 for group {@code "trial"}).
 */
public final class RunHeaderCodec {
    /** Fixed part of the header; add the group name's length. */
    public static final int FIXED_BYTES = 4 + 8 + RunHeader.LIST_HASH_BYTES + 1;

    private RunHeaderCodec() {
    }

    /** Writes h. */
    public static void write(WireWriter w, RunHeader h) {
        w.u8(h.protocol()).u8(h.type()).u8(h.dhGroup()).u8(h.position()).i64(h.run());
        w.bytes(h.listHash());
        w.string8(h.group());
    }

    /**
     * @param r reader at the start of a message
     * @return the header
     * @throws DecodeException naming the field that is truncated or out of range
     */
    public static RunHeader read(WireReader r) throws DecodeException {
        int protocol = r.u8("header.protocol");
        int type = r.u8("header.type");
        int dh = r.u8("header.dhGroup");
        int pos = r.u8("header.position");
        long run = r.i64("header.run");
        byte[] list = r.bytes(RunHeader.LIST_HASH_BYTES, "header.listHash");
        String group = r.string8("header.group", 64);
        if (group.isEmpty()) {
            throw new DecodeException("header.group is empty");
        }
        return new RunHeader(protocol, type, dh, pos, run, list, group);
    }
}
