package org.miked.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.miked.common.wire.DecodeException;

/**
 * Reads kernel structures in host byte order (little-endian: x86-64, aarch64) from untrusted bytes at
 * absolute offsets within a slice; every read names its field, so a short or malformed reply fails with a
 * {@link DecodeException} that says what was wrong. Big-endian fields (SPI, ports) have their own reads.
 */
public final class HostReader {
    private final byte[] buf;
    private final int start;
    private final int end;

    /**
     * @param buf bytes
     * @param offset slice start
     * @param length slice length
     */
    public HostReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IllegalArgumentException("bad slice " + offset + "+" + length + " of " + buf.length);
        }
        this.buf = buf;
        this.start = offset;
        this.end = offset + length;
    }

    /** @return slice length */
    public int length() {
        return end - start;
    }

    private int at(int off, int n, String field) throws DecodeException {
        if (off < 0 || n < 0 || off > end - start - n) {
            throw new DecodeException("truncated at " + field + ": need bytes " + off + ".." + (off + n) + ", have "
                    + (end - start));
        }
        return start + off;
    }

    /** @return unsigned byte at off */
    public int u8(int off, String field) throws DecodeException {
        return buf[at(off, 1, field)] & 0xff;
    }

    /** @return unsigned 16-bit host-order value at off */
    public int u16(int off, String field) throws DecodeException {
        int p = at(off, 2, field);
        return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8;
    }

    /** @return unsigned 16-bit network-order value at off */
    public int be16(int off, String field) throws DecodeException {
        int p = at(off, 2, field);
        return (buf[p] & 0xff) << 8 | (buf[p + 1] & 0xff);
    }

    /** @return 32-bit host-order value at off */
    public int i32(int off, String field) throws DecodeException {
        int p = at(off, 4, field);
        return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8 | (buf[p + 2] & 0xff) << 16 | (buf[p + 3] & 0xff) << 24;
    }

    /** @return 32-bit network-order value at off */
    public int be32(int off, String field) throws DecodeException {
        int p = at(off, 4, field);
        return (buf[p] & 0xff) << 24 | (buf[p + 1] & 0xff) << 16 | (buf[p + 2] & 0xff) << 8 | (buf[p + 3] & 0xff);
    }

    /** @return 64-bit host-order value at off */
    public long i64(int off, String field) throws DecodeException {
        return (i32(off, field) & 0xffffffffL) | ((long) i32(off + 4, field)) << 32;
    }

    /** @return a copy of n bytes at off */
    public byte[] bytes(int off, int n, String field) throws DecodeException {
        int p = at(off, n, field);
        return Arrays.copyOfRange(buf, p, p + n);
    }

    /** @return a NUL-terminated string in a fixed field of n bytes (printable ASCII only) */
    public String cstring(int off, int n, String field) throws DecodeException {
        int p = at(off, n, field);
        int len = 0;
        while (len < n && buf[p + len] != 0) {
            int c = buf[p + len] & 0xff;
            if (c < 0x20 || c > 0x7e) {
                throw new DecodeException(field + ": not printable ASCII (byte 0x" + Integer.toHexString(c) + ")");
            }
            len++;
        }
        if (len == n) {
            throw new DecodeException(field + ": not NUL-terminated within " + n + " bytes");
        }
        return new String(buf, p, len, StandardCharsets.US_ASCII);
    }

    /** @return a reader over n bytes at off */
    public HostReader slice(int off, int n, String field) throws DecodeException {
        return new HostReader(buf, at(off, n, field), n);
    }
}
