package org.miked.gdh.wire;

import java.util.ArrayList;
import java.util.List;
import org.miked.common.wire.DecodeException;
import org.miked.common.wire.WireReader;
import org.miked.common.wire.WireWriter;
import org.miked.dh.group.DhGroup;
import org.miked.dh.group.DhGroups;
import org.miked.dh.wire.Bitmaps;
import org.miked.dh.wire.RunHeader;
import org.miked.dh.wire.RunHeaderCodec;

/**
 * Codec of GDH messages. All start with the run header (protocol 2 = gdh2, 3 = gdh3).
 *
 * <pre>
 * Data (UPFLOW 1, BROADCAST 2, CHAIN 4, CARDINAL 5, FACTOR 6, LEAVE 7): a fragment of an element list
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  run header (RunHeaderCodec)                                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  lineage hash (128 bits, LEAVE only)                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     total     |     first     |     count     |  elements ... |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    count elements of the group's fixed length (33 P-256, 256 ffdhe2048, 384 ffdhe3072), indices
 *    first .. first+count-1 of a list of total; a sender splits a list into fragments of at most
 *    floor((1072 - header - 3 [- 16]) / element length) elements so that every body fits one packet.
 *
 * STATUS (3)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  run header                                                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  lineage hash (128 bits; zero in a full run)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       n       |  need bitmap (ceil(n/8) bytes)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class GdhCodec {
    /** The single-packet body budget (IPv6 minimum MTU minus IPv6, UDP, envelope and signature). */
    public static final int BODY_BUDGET = 1072;

    private GdhCodec() {
    }

    /** @return the encoded data message (one fragment) */
    public static byte[] encode(GdhData m) {
        WireWriter w = new WireWriter(64 + m.elements().size() * 48);
        RunHeaderCodec.write(w, m.header());
        if (m.header().type() == GdhMessage.LEAVE) {
            w.bytes(m.lineage());
        }
        w.u8(m.total()).u8(m.first()).u8(m.elements().size());
        for (byte[] e : m.elements()) {
            w.bytes(e);
        }
        return w.toByteArray();
    }

    /** @return the encoded status message */
    public static byte[] encode(GdhStatus m) {
        WireWriter w = new WireWriter(64);
        RunHeaderCodec.write(w, m.header());
        w.bytes(m.lineage()).u8(m.n());
        Bitmaps.write(w, m.need(), m.n());
        return w.toByteArray();
    }

    /**
     * @param header the header the fragments will carry (for its size)
     * @param elementBytes element length
     * @return how many elements one fragment of this type may carry within {@link #BODY_BUDGET}
     */
    public static int maxPerFragment(RunHeader header, int elementBytes) {
        int fixed = RunHeaderCodec.FIXED_BYTES + header.group().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 3
                + (header.type() == GdhMessage.LEAVE ? GdhMessage.LINEAGE_BYTES : 0);
        return Math.max(1, (BODY_BUDGET - fixed) / elementBytes);
    }

    /**
     * @param body hostile input
     * @return the message (elements not validated)
     * @throws DecodeException naming the field that does not fit
     */
    public static GdhMessage decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        RunHeader h = RunHeaderCodec.read(r);
        if (h.protocol() != 2 && h.protocol() != 3) {
            throw new DecodeException("header.protocol " + h.protocol() + " is not gdh2 (2) or gdh3 (3)");
        }
        DhGroup g = DhGroups.byCode(h.dhGroup());
        if (g == null) {
            throw new DecodeException("header.dhGroup " + h.dhGroup() + " is unknown");
        }
        int type = h.type();
        if (type < GdhMessage.UPFLOW || type > GdhMessage.LEAVE) {
            throw new DecodeException("header.type " + type + " is not a gdh message type");
        }
        if (type == GdhMessage.STATUS) {
            byte[] lineage = r.bytes(GdhMessage.LINEAGE_BYTES, "lineage");
            int n = r.u8("n");
            if (n < 2 || h.position() >= n) {
                throw new DecodeException("n " + n + " is below 2 or not above header.position " + h.position());
            }
            var need = Bitmaps.read(r, n, "need");
            r.expectEnd("gdh STATUS");
            return new GdhStatus(h, lineage, n, need);
        }
        byte[] lineage = type == GdhMessage.LEAVE ? r.bytes(GdhMessage.LINEAGE_BYTES, "lineage") : null;
        int total = r.u8("total");
        int first = r.u8("first");
        int count = r.u8("count");
        if (total < 1 || count < 1 || first + count > total) {
            throw new DecodeException("fragment " + first + "+" + count + " of " + total + " is out of range");
        }
        if ((long) count * g.elementBytes() != r.remaining()) {
            throw new DecodeException("elements: " + count + " x " + g.elementBytes() + " bytes expected, "
                    + r.remaining() + " present");
        }
        List<byte[]> els = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            els.add(r.bytes(g.elementBytes(), "element[" + (first + i) + "]"));
        }
        return new GdhData(h, lineage, total, first, els);
    }
}
