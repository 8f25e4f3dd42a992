package org.miked.testkit;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Framing of a session fuzz input (docs/fuzzing.md) into message bodies: {@code (u16 length, body)*}, the last body taking what
 * is left when its length runs past the end; at most {@link #MAX} bodies.
 */
public final class FuzzBodies {
    public static final int MAX = 8;

    private FuzzBodies() {
    }

    public static List<byte[]> split(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int o = 0;
        while (o < data.length && out.size() < MAX) {
            if (data.length - o < 2) {
                out.add(Arrays.copyOfRange(data, o, data.length));
                break;
            }
            int n = (data[o] & 0xff) << 8 | (data[o + 1] & 0xff);
            int end = Math.min(data.length, o + 2 + n);
            out.add(Arrays.copyOfRange(data, o + 2, end));
            o = end;
        }
        return out;
    }

    public static byte[] join(List<byte[]> bodies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : bodies) {
            out.write(b.length >>> 8);
            out.write(b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}
