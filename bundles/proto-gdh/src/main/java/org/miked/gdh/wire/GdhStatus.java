package org.miked.gdh.wire;

import java.util.BitSet;
import org.miked.dh.wire.RunHeader;

/**
 * A member's nag: which members' messages it still waits for, and the lineage it holds (zeros in a full run).
 *
 * @param header run header
 * @param lineage 16 bytes
 * @param n members the bitmap covers
 * @param need positions of the authors whose messages the sender lacks
 */
public record GdhStatus(RunHeader header, byte[] lineage, int n, BitSet need) implements GdhMessage {
    public GdhStatus {
        lineage = lineage.clone();
        need = (BitSet) need.clone();
    }

    @Override
    public byte[] lineage() {
        return lineage.clone();
    }

    @Override
    public BitSet need() {
        return (BitSet) need.clone();
    }
}
