package org.miked.common.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Names decoded from the wire, by their bytes: a fixed-size, process-wide table so that the same group name
 * or member id on the wire gives the same object without a new string, a new validation and a new hash at
 * every datagram. In a simulated network 100,000 hosts decode the same few dozen names millions of times;
 * the shared, identical object also makes every later map lookup by it an identity hit. A slot holds the
 * last name whose bytes hash to it, so an attacker sending many names costs only misses, never memory.
 *
 * @param <T> the decoded type (immutable)
 */
public final class NameCache<T> {
    /** Turns the name's text into the value, or says why it is not one. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text) throws DecodeException;
    }

    private record Slot<T>(byte[] bytes, T value) {
    }

    private final Slot<T>[] slots;
    private final Parser<T> parser;

    /**
     * @param size slots (a power of two)
     * @param parser validates and builds a value from its text
     */
    @SuppressWarnings("unchecked")
    public NameCache(int size, Parser<T> parser) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two: " + size);
        }
        this.slots = (Slot<T>[]) new Slot<?>[size];
        this.parser = parser;
    }

    /**
     * @return the value of the UTF-8 name in {@code buf[off, off + len)}
     * @throws DecodeException if the parser refuses it (refusals are not remembered)
     */
    T get(byte[] buf, int off, int len) throws DecodeException {
        int h = 1;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + buf[i];
        }
        h ^= h >>> 16;
        int at = h & (slots.length - 1);
        Slot<T> s = slots[at];
        if (s != null && Arrays.equals(s.bytes, 0, s.bytes.length, buf, off, off + len)) {
            return s.value;
        }
        T value = parser.parse(new String(buf, off, len, StandardCharsets.UTF_8));
        slots[at] = new Slot<>(Arrays.copyOfRange(buf, off, off + len), value);
        return value;
    }
}
