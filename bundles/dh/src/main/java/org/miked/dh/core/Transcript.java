package org.miked.dh.core;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.miked.dh.group.Element;

/**
 * SHA-256 over a run's identity followed by the messages that define the key, each framed by a label and
 * the member position. Every member feeds the same parts in the same order, so the hash is identical
 * everywhere.
 */
public final class Transcript {
    private final SHA256Digest d = new SHA256Digest();

    /** Starts a transcript bound to the run: protocol, DH group, group, run, member-list hash. */
    public Transcript(RunInfo run) {
        bytes("miked agreement transcript".getBytes(StandardCharsets.US_ASCII));
        bytes(run.protocolName().getBytes(StandardCharsets.US_ASCII));
        bytes(run.group().name().getBytes(StandardCharsets.US_ASCII));
        bytes(run.groupName().getBytes(StandardCharsets.UTF_8));
        u64(run.run());
        bytes(run.listHash());
    }

    private void u64(long v) {
        for (int i = 7; i >= 0; i--) {
            d.update((byte) (v >>> (8 * i)));
        }
    }

    /** Adds a length-prefixed byte string. */
    public Transcript bytes(byte[] b) {
        u64(b.length);
        d.update(b, 0, b.length);
        return this;
    }

    /** Adds a labelled element of the member at a position. */
    public Transcript element(String label, int position, Element e) {
        bytes(label.getBytes(StandardCharsets.US_ASCII));
        u64(position);
        return bytes(e.encoded());
    }

    /** @return the 32-byte hash (the transcript cannot be used afterwards) */
    public byte[] finish() {
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
