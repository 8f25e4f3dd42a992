package org.miked.gdh.wire;

import java.util.List;
import org.miked.dh.wire.RunHeader;

/**
 * A data message or one fragment of it: elements [first, first + elements.size()) of a list of total
 * elements (untrusted: raw bytes until validated).
 *
 * @param header run header
 * @param lineage the lineage hash (LEAVE only, else null)
 * @param total elements of the whole message
 * @param first index of the first element carried
 * @param elements encoded elements
 */
public record GdhData(RunHeader header, byte[] lineage, int total, int first, List<byte[]> elements)
        implements GdhMessage {
    public GdhData {
        lineage = lineage == null ? null : lineage.clone();
        elements = elements.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] lineage() {
        return lineage == null ? null : lineage.clone();
    }

    @Override
    public List<byte[]> elements() {
        return elements.stream().map(byte[]::clone).toList();
    }
}
