package org.miked.common.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads big-endian fields from untrusted bytes. Each read names its field so a failure says what was
 * truncated or out of range.
 */
public final class WireReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    public WireReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public WireReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IllegalArgumentException("bad slice");
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    private void need(int n, String field) throws DecodeException {
        if (n < 0 || end - pos < n) {
            throw new DecodeException("truncated at " + field + ": need " + n + " bytes, have " + (end - pos));
        }
    }

    public int u8(String field) throws DecodeException {
        need(1, field);
        return buf[pos++] & 0xff;
    }

    public int u16(String field) throws DecodeException {
        need(2, field);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int i32(String field) throws DecodeException {
        need(4, field);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long u32(String field) throws DecodeException {
        return i32(field) & 0xffffffffL;
    }

    public long i64(String field) throws DecodeException {
        return (u32(field) << 32) | u32(field);
    }

    /**
     * @param n exact number of bytes
     * @param field field name for errors
     * @return a copy of the next n bytes
     * @throws DecodeException if fewer remain
     */
    public byte[] bytes(int n, String field) throws DecodeException {
        need(n, field);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** @return bytes prefixed by a u8 length, at most max */
    public byte[] bytes8(String field, int max) throws DecodeException {
        int n = u8(field + ".length");
        if (n > max) {
            throw new DecodeException(field + " too long: " + n + " > " + max);
        }
        return bytes(n, field);
    }

    /** @return bytes prefixed by a u16 length, at most max */
    public byte[] bytes16(String field, int max) throws DecodeException {
        int n = u16(field + ".length");
        if (n > max) {
            throw new DecodeException(field + " too long: " + n + " > " + max);
        }
        return bytes(n, field);
    }

    /** @return a UTF-8 string prefixed by a u8 length, at most max bytes */
    public String string8(String field, int max) throws DecodeException {
        return new String(bytes8(field, max), StandardCharsets.UTF_8);
    }

    /**
     * @param field field name for errors
     * @param max most bytes allowed
     * @param cache where the name is looked up by its bytes and parsed when new
     * @return the value of a name prefixed by a u8 length
     * @throws DecodeException if truncated, too long, or the cache's parser refuses it
     */
    public <T> T name8(String field, int max, NameCache<T> cache) throws DecodeException {
        int n = u8(field + ".length");
        if (n > max) {
            throw new DecodeException(field + " too long: " + n + " > " + max);
        }
        need(n, field);
        T value = cache.get(buf, pos, n);
        pos += n;
        return value;
    }

    /** Skips bytes prefixed by a u16 length, at most max, checking that they are there. */
    public void skip16(String field, int max) throws DecodeException {
        int n = u16(field + ".length");
        if (n > max) {
            throw new DecodeException(field + " too long: " + n + " > " + max);
        }
        need(n, field);
        pos += n;
    }

    /**
     * @param field field name for errors
     * @param max the largest count allowed
     * @return a u16 count checked against max and against the bytes left (each element at least minSize)
     */
    public int count16(String field, int max, int minSize) throws DecodeException {
        int n = u16(field);
        if (n > max) {
            throw new DecodeException(field + " " + n + " exceeds " + max);
        }
        if ((long) n * minSize > end - pos) {
            throw new DecodeException(field + " " + n + " cannot fit in " + (end - pos) + " remaining bytes");
        }
        return n;
    }

    /** @return the rest of the input */
    public byte[] rest() {
        byte[] out = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return out;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    /** @throws DecodeException if bytes remain after the last field */
    public void expectEnd(String what) throws DecodeException {
        if (pos != end) {
            throw new DecodeException(what + ": " + (end - pos) + " trailing bytes");
        }
    }
}
