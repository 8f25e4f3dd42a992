package org.miked.dh.wire;

import java.util.BitSet;
import org.miked.common.wire.DecodeException;
import org.miked.common.wire.WireReader;
import org.miked.common.wire.WireWriter;

/**
 * Member bitmaps: bit i (most significant bit first, byte i/8) stands for the member at position i;
 * ceil(n/8) bytes for n members, padding bits zero.
 */
public final class Bitmaps {
    private Bitmaps() {
    }

    /** @return bytes of a bitmap for n members */
    public static int bytes(int n) {
        return (n + 7) / 8;
    }

    /** Writes the first n bits of b. */
    public static void write(WireWriter w, BitSet b, int n) {
        byte[] out = new byte[bytes(n)];
        for (int i = b.nextSetBit(0); i >= 0 && i < n; i = b.nextSetBit(i + 1)) {
            out[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        w.bytes(out);
    }

    /**
     * @param n members
     * @param field field name for errors
     * @return the bits
     * @throws DecodeException if truncated or a padding bit is set
     */
    public static BitSet read(WireReader r, int n, String field) throws DecodeException {
        byte[] in = r.bytes(bytes(n), field);
        BitSet b = new BitSet(n);
        for (int i = 0; i < in.length * 8; i++) {
            if ((in[i / 8] & (0x80 >>> (i % 8))) != 0) {
                if (i >= n) {
                    throw new DecodeException(field + ": padding bit " + i + " set (n = " + n + ")");
                }
                b.set(i);
            }
        }
        return b;
    }
}
