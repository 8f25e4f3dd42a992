package org.miked.bd.wire;

import org.miked.common.wire.DecodeException;
import org.miked.common.wire.WireReader;
import org.miked.common.wire.WireWriter;
import org.miked.dh.group.DhGroup;
import org.miked.dh.group.DhGroups;
import org.miked.dh.wire.Bitmaps;
import org.miked.dh.wire.RunHeader;
import org.miked.dh.wire.RunHeaderCodec;

/**
 * Codec of Burmester-Desmedt messages. Both rounds are multicast to the senders; the bitmaps tell peers
 * what the sender still lacks, so that a member that is ahead resends its own values to a member behind.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  run header (RunHeaderCodec: protocol 1, type 1 or 2, ...)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       n       |  have-z bitmap (ceil(n/8) bytes) ...          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  have-X bitmap (ceil(n/8) bytes) ...                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  z = g^r_i (element: 33 bytes P-256, 256 ffdhe2048, 384 ffdhe3072)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  X = (z_{i+1} / z_{i-1})^r_i  (type 2 only, same length)      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Sizes for n = 25 and group name "trial" (34-byte header): ROUND1 76 bytes (P-256), 299 (ffdhe2048);
 * ROUND2 109 (P-256), 555 (ffdhe2048), 811 (ffdhe3072). All fit the 1,072-byte body budget.
 */
public final class BdCodec {
    private BdCodec() {
    }

    /** @return the encoded message */
    public static byte[] encode(BdMessage m) {
        WireWriter w = new WireWriter(128);
        RunHeaderCodec.write(w, m.header());
        w.u8(m.n());
        Bitmaps.write(w, m.haveZ(), m.n());
        Bitmaps.write(w, m.haveX(), m.n());
        w.bytes(m.z());
        if (m.header().type() == BdMessage.ROUND2) {
            w.bytes(m.x());
        }
        return w.toByteArray();
    }

    /**
     * @param body hostile input
     * @return the message, elements not yet validated
     * @throws DecodeException naming the field that does not fit
     */
    public static BdMessage decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        RunHeader h = RunHeaderCodec.read(r);
        if (h.protocol() != 1) {
            throw new DecodeException("header.protocol " + h.protocol() + " is not bd (1)");
        }
        if (h.type() != BdMessage.ROUND1 && h.type() != BdMessage.ROUND2) {
            throw new DecodeException("header.type " + h.type() + " is not a bd message type");
        }
        DhGroup g = DhGroups.byCode(h.dhGroup());
        if (g == null) {
            throw new DecodeException("header.dhGroup " + h.dhGroup() + " is unknown");
        }
        int n = r.u8("n");
        if (n < 2) {
            throw new DecodeException("n " + n + " is below 2");
        }
        if (h.position() >= n) {
            throw new DecodeException("header.position " + h.position() + " is not below n " + n);
        }
        var haveZ = Bitmaps.read(r, n, "haveZ");
        var haveX = Bitmaps.read(r, n, "haveX");
        byte[] z = r.bytes(g.elementBytes(), "z");
        byte[] x = h.type() == BdMessage.ROUND2 ? r.bytes(g.elementBytes(), "x") : null;
        r.expectEnd("bd message");
        return new BdMessage(h, n, haveZ, haveX, z, x);
    }
}
