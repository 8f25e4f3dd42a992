package org.miked.kernel.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes kernel structures in host byte order (little-endian) at absolute offsets; the buffer grows and
 * unwritten bytes are zero, which is what the kernel expects of padding and reserved fields.
 */
public final class HostWriter {
    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    private int size;

    private void ensure(int end) {
        if (end > buf.capacity()) {
            ByteBuffer b = ByteBuffer.allocate(Math.max(end, buf.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
            b.put(buf.array(), 0, size);
            buf = b;
        }
        size = Math.max(size, end);
    }

    public HostWriter u8(int off, int v) {
        ensure(off + 1);
        buf.put(off, (byte) v);
        return this;
    }

    public HostWriter u16(int off, int v) {
        ensure(off + 2);
        buf.putShort(off, (short) v);
        return this;
    }

    /** Network byte order (ports). */
    public HostWriter be16(int off, int v) {
        ensure(off + 2);
        buf.put(off, (byte) (v >>> 8)).put(off + 1, (byte) v);
        return this;
    }

    public HostWriter i32(int off, int v) {
        ensure(off + 4);
        buf.putInt(off, v);
        return this;
    }

    /** Network byte order (SPI). */
    public HostWriter be32(int off, int v) {
        ensure(off + 4);
        buf.put(off, (byte) (v >>> 24)).put(off + 1, (byte) (v >>> 16)).put(off + 2, (byte) (v >>> 8))
                .put(off + 3, (byte) v);
        return this;
    }

    public HostWriter i64(int off, long v) {
        ensure(off + 8);
        buf.putLong(off, v);
        return this;
    }

    public HostWriter bytes(int off, byte[] b) {
        ensure(off + b.length);
        System.arraycopy(b, 0, buf.array(), off, b.length);
        return this;
    }

    /** A string in a fixed field of n bytes, NUL-padded; must leave room for the NUL. */
    public HostWriter cstring(int off, int n, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length >= n) {
            throw new IllegalArgumentException("'" + s + "' does not fit " + n + " bytes with its NUL");
        }
        ensure(off + n);
        return bytes(off, b);
    }

    /** Zero bytes up to end (padding at the end of a structure). */
    public HostWriter zeroTo(int end) {
        ensure(end);
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        byte[] out = new byte[size];
        System.arraycopy(buf.array(), 0, out, 0, size);
        return out;
    }
}
