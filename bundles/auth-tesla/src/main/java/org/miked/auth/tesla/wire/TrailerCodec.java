package org.miked.auth.tesla.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.miked.common.wire.DecodeException;
import org.miked.common.wire.WireReader;
import org.miked.common.wire.WireWriter;

/**
 * Encodes and decodes the TESLA trailer that follows the GMF envelope. The trailer is read from the end:
 * its last byte gives the length of the rest of the trailer, so the message before it needs no length.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                  message (GMF envelope, any length)           ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0 0 0 0|B|K|M|         chain id (16)         | interval i    :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :     interval i (32 bits, continued)           |               :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+               :
 * :  if B: bootstrap block (102 bytes, below)                     :
 * :  if K: disclosed key K_{i-d} (16 bytes)                       :
 * :  if M: MAC_{K'_i}(chain id | i | message), truncated (4..32)  :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | trailer length|   (bytes from flags to the end of the MAC; 7..109)
 * +-+-+-+-+-+-+-+-+
 *
 * bootstrap block (only in messages of the scheme's own, never with K or M):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     commitment index j (32)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  commitment K_j (16 bytes)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           T0: start of interval 0, sender clock ms (64)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                interval length T, ms (32, >= 1)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   delay d     |               chain length L (32, >= 1)       :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :   L (cont.)   |  MAC bytes    |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |     Ed25519 signature (64 bytes) over "miked tesla bootstrap  |
 * |     v1" NUL | message | flags .. MAC bytes                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Valid flag sets: M (intervals 1..d of a chain: nothing to disclose yet), M|K (the usual message),
 * K (a key disclosure of the scheme's own), B (a bootstrap of the scheme's own). The MAC length is what
 * remains of the trailer; the receiver checks it against the signed MAC length of the chain.
 * A usual message adds 7 + 16 + 10 + 1 = 34 bytes (10-byte MAC).
 */
public final class TrailerCodec {
    public static final int FLAG_MAC = 1;
    public static final int FLAG_KEY = 2;
    public static final int FLAG_BOOTSTRAP = 4;
    /** flags, chain id, interval. */
    public static final int HEADER_BYTES = 7;
    public static final int KEY_BYTES = 16;
    public static final int SIGNATURE_BYTES = 64;
    /** Bootstrap block including its signature. */
    public static final int BOOTSTRAP_BYTES = 4 + KEY_BYTES + 8 + 4 + 1 + 4 + 1 + SIGNATURE_BYTES;
    public static final int MIN_MAC_BYTES = 4;
    public static final int MAX_MAC_BYTES = 32;
    /** Domain separation of the bootstrap signature from every other Ed25519 signature of the key server. */
    static final byte[] SIGNATURE_DOMAIN = "miked tesla bootstrap v1\0".getBytes(StandardCharsets.US_ASCII);

    private TrailerCodec() {
    }

    /** @return the bytes a trailer with these parts adds to a message */
    public static int overhead(boolean key, int macBytes) {
        return HEADER_BYTES + (key ? KEY_BYTES : 0) + macBytes + 1;
    }

    /**
     * @param message the message
     * @param chainId chain id (u16)
     * @param interval i
     * @param key disclosed key K_{i-d} or null
     * @param mac truncated MAC or null (not both null)
     * @return message || trailer
     */
    public static byte[] encode(byte[] message, int chainId, long interval, byte[] key, byte[] mac) {
        if (key == null && mac == null) {
            throw new IllegalArgumentException("a trailer needs a MAC, a key or both");
        }
        int flags = (mac != null ? FLAG_MAC : 0) | (key != null ? FLAG_KEY : 0);
        WireWriter w = new WireWriter(message.length + 64).bytes(message);
        header(w, flags, chainId, interval);
        if (key != null) {
            w.bytes(checkKey(key));
        }
        if (mac != null) {
            if (mac.length < MIN_MAC_BYTES || mac.length > MAX_MAC_BYTES) {
                throw new IllegalArgumentException("MAC of " + mac.length + " bytes");
            }
            w.bytes(mac);
        }
        return w.u8(w.size() - message.length).toByteArray();
    }

    /**
     * @return what the key server signs for a bootstrap: domain | message | trailer up to the signature
     *     (the bootstrap's own signature field is ignored)
     */
    public static byte[] toBeSigned(byte[] message, int chainId, long interval, Bootstrap b) {
        WireWriter w = new WireWriter(SIGNATURE_DOMAIN.length + message.length + BOOTSTRAP_BYTES)
                .bytes(SIGNATURE_DOMAIN).bytes(message);
        header(w, FLAG_BOOTSTRAP, chainId, interval);
        bootstrapFields(w, b);
        return w.toByteArray();
    }

    /** @return message || bootstrap trailer; b must carry its signature */
    public static byte[] encodeBootstrap(byte[] message, int chainId, long interval, Bootstrap b) {
        byte[] sig = b.signature();
        if (sig.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("bootstrap signature of " + sig.length + " bytes");
        }
        WireWriter w = new WireWriter(message.length + BOOTSTRAP_BYTES + 8).bytes(message);
        header(w, FLAG_BOOTSTRAP, chainId, interval);
        bootstrapFields(w, b);
        w.bytes(sig);
        return w.u8(w.size() - message.length).toByteArray();
    }

    /** @return the bytes the signature of a decoded bootstrap must cover */
    public static byte[] signedBytes(byte[] sealed, Trailer t) {
        if (t.signatureOffset() < 0) {
            throw new IllegalArgumentException("not a bootstrap");
        }
        byte[] out = Arrays.copyOf(SIGNATURE_DOMAIN, SIGNATURE_DOMAIN.length + t.signatureOffset());
        System.arraycopy(sealed, 0, out, SIGNATURE_DOMAIN.length, t.signatureOffset());
        return out;
    }

    private static void header(WireWriter w, int flags, int chainId, long interval) {
        w.u8(flags).u16(chainId).u32(interval);
    }

    private static void bootstrapFields(WireWriter w, Bootstrap b) {
        w.u32(b.commitIndex()).bytes(checkKey(b.commitment())).i64(b.startMillis()).u32(b.intervalMillis())
                .u8(b.delayIntervals()).u32(b.chainLength()).u8(b.macBytes());
    }

    private static byte[] checkKey(byte[] k) {
        if (k.length != KEY_BYTES) {
            throw new IllegalArgumentException("TESLA keys are " + KEY_BYTES + " bytes, got " + k.length);
        }
        return k;
    }

    /**
     * @param sealed untrusted input: message || trailer
     * @return the trailer
     * @throws DecodeException naming the first field that does not fit
     */
    public static Trailer decode(byte[] sealed) throws DecodeException {
        int n = sealed.length;
        if (n == 0) {
            throw new DecodeException("truncated at trailer length: empty input");
        }
        int tl = sealed[n - 1] & 0xff;
        if (tl < HEADER_BYTES) {
            throw new DecodeException("trailer length " + tl + " is below the " + HEADER_BYTES + "-byte header");
        }
        if (tl > n - 1) {
            throw new DecodeException("truncated: trailer length " + tl + " exceeds the " + (n - 1) + " bytes before it");
        }
        int start = n - 1 - tl;
        WireReader r = new WireReader(sealed, start, tl);
        int flags = r.u8("flags");
        if (flags != FLAG_MAC && flags != (FLAG_MAC | FLAG_KEY) && flags != FLAG_KEY && flags != FLAG_BOOTSTRAP) {
            throw new DecodeException("flags 0x" + Integer.toHexString(flags) + " are not one of M, M|K, K, B");
        }
        int chainId = r.u16("chain id");
        long interval = r.u32("interval");
        Bootstrap boot = null;
        int sigOffset = -1;
        if ((flags & FLAG_BOOTSTRAP) != 0) {
            long j = r.u32("bootstrap.commitIndex");
            byte[] commitment = r.bytes(KEY_BYTES, "bootstrap.commitment");
            long t0 = r.i64("bootstrap.startMillis");
            long t = r.u32("bootstrap.intervalMillis");
            int d = r.u8("bootstrap.delayIntervals");
            long len = r.u32("bootstrap.chainLength");
            int macBytes = r.u8("bootstrap.macBytes");
            if (t < 1) {
                throw new DecodeException("bootstrap.intervalMillis 0: must be at least 1");
            }
            if (d < 1) {
                throw new DecodeException("bootstrap.delayIntervals 0: must be at least 1");
            }
            if (len < 1 || j > len) {
                throw new DecodeException("bootstrap.commitIndex " + j + " outside chain of length " + len);
            }
            if (macBytes < MIN_MAC_BYTES || macBytes > MAX_MAC_BYTES) {
                throw new DecodeException("bootstrap.macBytes " + macBytes + " outside " + MIN_MAC_BYTES + ".."
                        + MAX_MAC_BYTES);
            }
            sigOffset = r.position();
            byte[] sig = r.bytes(SIGNATURE_BYTES, "bootstrap.signature");
            boot = new Bootstrap(j, commitment, t0, t, d, len, macBytes, sig);
        }
        byte[] key = (flags & FLAG_KEY) != 0 ? r.bytes(KEY_BYTES, "disclosed key") : null;
        byte[] mac = null;
        if ((flags & FLAG_MAC) != 0) {
            int m = r.remaining();
            if (m < MIN_MAC_BYTES || m > MAX_MAC_BYTES) {
                throw new DecodeException("MAC length " + m + " outside " + MIN_MAC_BYTES + ".." + MAX_MAC_BYTES);
            }
            mac = r.bytes(m, "mac");
        }
        r.expectEnd("trailer");
        return new Trailer(flags, chainId, interval, boot, key, mac, start, sigOffset);
    }
}
