package org.miked.bd.wire;

import java.util.BitSet;
import org.miked.dh.wire.RunHeader;

/**
 * A decoded Burmester-Desmedt message (untrusted: elements are raw bytes until the core validates them).
 *
 * @param header run header; type {@link #ROUND1} or {@link #ROUND2}
 * @param n member count the bitmaps cover
 * @param haveZ members whose round-1 value z the sender holds
 * @param haveX members whose round-2 value X the sender holds
 * @param z the sender's z = g^r
 * @param x the sender's X = (z_{i+1} / z_{i-1})^r, only in ROUND2 (else null)
 */
public record BdMessage(RunHeader header, int n, BitSet haveZ, BitSet haveX, byte[] z, byte[] x) {
    /** Round 1: z. */
    public static final int ROUND1 = 1;
    /** Round 2: z again and X. */
    public static final int ROUND2 = 2;

    public BdMessage {
        haveZ = (BitSet) haveZ.clone();
        haveX = (BitSet) haveX.clone();
        z = z.clone();
        x = x == null ? null : x.clone();
    }

    @Override
    public BitSet haveZ() {
        return (BitSet) haveZ.clone();
    }

    @Override
    public BitSet haveX() {
        return (BitSet) haveX.clone();
    }

    @Override
    public byte[] z() {
        return z.clone();
    }

    @Override
    public byte[] x() {
        return x == null ? null : x.clone();
    }
}
