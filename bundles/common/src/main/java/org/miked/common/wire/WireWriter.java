package org.miked.common.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes big-endian fields; the counterpart of {@link WireReader}. */
public final class WireWriter {
    private final ByteArrayOutputStream out;

    public WireWriter() {
        this(64);
    }

    public WireWriter(int sizeHint) {
        out = new ByteArrayOutputStream(sizeHint);
    }

    public WireWriter u8(int v) {
        if (v < 0 || v > 0xff) {
            throw new IllegalArgumentException("u8 out of range: " + v);
        }
        out.write(v);
        return this;
    }

    public WireWriter u16(int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException("u16 out of range: " + v);
        }
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public WireWriter i32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public WireWriter u32(long v) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException("u32 out of range: " + v);
        }
        return i32((int) v);
    }

    public WireWriter i64(long v) {
        i32((int) (v >>> 32));
        return i32((int) v);
    }

    public WireWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    public WireWriter bytes8(byte[] b) {
        u8(b.length);
        return bytes(b);
    }

    public WireWriter bytes16(byte[] b) {
        u16(b.length);
        return bytes(b);
    }

    public WireWriter string8(String s) {
        return bytes8(s.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
