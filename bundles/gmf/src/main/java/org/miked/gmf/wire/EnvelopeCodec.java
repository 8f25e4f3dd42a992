package org.miked.gmf.wire;

import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.common.wire.DecodeException;
import org.miked.common.wire.WireReader;
import org.miked.common.wire.WireWriter;

/**
 * Encodes and decodes {@link Envelope}s.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   'M' (0x4d)  |   'K' (0x4b)  |  version (1)  |     kind      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  group length |  group name (1..64 bytes, [A-Za-z0-9._-])    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | sender length |  sender id (1..64 bytes, [A-Za-z0-9._:-])     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          epoch (64 bits)                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     sequence number (64 bits)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          body length          |  body                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  authentication trailer (scheme-specific, not part of the envelope) ~
 * </pre>
 *
 * The header is {@code 24 + len(group) + len(sender)} bytes: 4 (magic, version, kind) + 1 + group +
 * 1 + sender + 8 (epoch) + 8 (sequence) + 2 (body length); with a 5-character group and a 6-character
 * host id, 35 bytes.
 *
 * <p>Two decoders mark the trust boundary: {@link #decodePrefix} reads an unauthenticated datagram into an
 * {@link EnvelopeIn} (routing only), {@link #decodeExact} reads the bytes an authentication scheme
 * vouched for into an {@link Envelope}.
 */
public final class EnvelopeCodec {
    public static final int MAGIC_M = 0x4d;
    public static final int MAGIC_K = 0x4b;
    public static final int VERSION = 1;
    /** Largest body accepted (a datagram cannot carry more). */
    public static final int MAX_BODY = 65_000;

    private EnvelopeCodec() {
    }

    public static byte[] encode(Envelope e) {
        byte[] body = e.body();
        return new WireWriter(40 + body.length).u8(MAGIC_M).u8(MAGIC_K).u8(VERSION).u8(e.kind().code)
                .string8(e.group().name()).string8(e.sender().id()).i64(e.epoch()).i64(e.sequence()).bytes16(body)
                .toByteArray();
    }

    /**
     * Decodes the envelope at the start of a datagram and ignores what follows (the trailer).
     *
     * @param datagram untrusted bytes
     * @return the routing fields, not authenticated (the whole envelope is checked for well-formedness)
     * @throws DecodeException naming the first bad field
     */
    public static EnvelopeIn decodePrefix(byte[] datagram) throws DecodeException {
        Envelope e = read(new WireReader(datagram));
        return new EnvelopeIn(e.kind(), e.group(), e.sender());
    }

    /**
     * Decodes an authenticated envelope that must have nothing after the body.
     *
     * @param message bytes returned by the authentication scheme (authenticated)
     * @return the envelope
     * @throws DecodeException naming the first bad field
     */
    public static Envelope decodeExact(byte[] message) throws DecodeException {
        WireReader r = new WireReader(message);
        Envelope e = read(r);
        r.expectEnd("envelope");
        return e;
    }

    private static Envelope read(WireReader r) throws DecodeException {
        if (r.u8("magic") != MAGIC_M || r.u8("magic") != MAGIC_K) {
            throw new DecodeException("magic: not a MIKED envelope");
        }
        int version = r.u8("version");
        if (version != VERSION) {
            throw new DecodeException("version: unsupported " + version);
        }
        int code = r.u8("kind");
        Envelope.Kind kind = Envelope.Kind.of(code);
        if (kind == null) {
            throw new DecodeException("kind: unknown " + code);
        }
        GroupId group;
        MemberId sender;
        String g = r.string8("group", 64);
        try {
            group = GroupId.of(g);
        } catch (IllegalArgumentException ex) {
            throw new DecodeException("group: invalid name");
        }
        String s = r.string8("sender", 64);
        try {
            sender = MemberId.of(s);
        } catch (IllegalArgumentException ex) {
            throw new DecodeException("sender: invalid id");
        }
        long epoch = r.i64("epoch");
        long seq = r.i64("sequence");
        byte[] body = r.bytes16("body", MAX_BODY);
        return new Envelope(kind, group, sender, epoch, seq, body);
    }
}
