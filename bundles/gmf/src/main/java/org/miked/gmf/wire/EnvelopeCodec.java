package org.miked.gmf.wire;

import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.common.wire.DecodeException;
import org.miked.common.wire.NameCache;
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
 * | recip. length |  recipient id (0..64 bytes; 0: to the group)  ~
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
 * The header is {@code 25 + len(group) + len(sender) + len(recipient)} bytes: 4 (magic, version, kind) +
 * 1 + group + 1 + sender + 1 + recipient + 8 (epoch) + 8 (sequence) + 2 (body length); with a 5-character
 * group and a 6-character host id, 36 bytes to the group and 42 to one host.
 *
 * <p>Version 2 added the recipient (version 1 had none, so a unicast answer signed for one host was
 * accepted by every other: issue 10, finding 1). The GMF drops an envelope whose recipient is another host.
 *
 * <p>Two decoders mark the trust boundary: {@link #decodePrefix} reads an unauthenticated datagram into an
 * {@link EnvelopeIn} (routing only), {@link #decodeExact} reads the bytes an authentication scheme
 * vouched for into an {@link Envelope}.
 */
public final class EnvelopeCodec {
    public static final int MAGIC_M = 0x4d;
    public static final int MAGIC_K = 0x4b;
    public static final int VERSION = 2;
    /** Largest body accepted (a datagram cannot carry more). */
    public static final int MAX_BODY = 65_000;

    private EnvelopeCodec() {
    }

    public static byte[] encode(Envelope e) {
        byte[] body = e.body();
        return new WireWriter(48 + body.length).u8(MAGIC_M).u8(MAGIC_K).u8(VERSION).u8(e.kind().code)
                .string8(e.group().name()).string8(e.sender().id())
                .string8(e.recipient() == null ? "" : e.recipient().id()).i64(e.epoch()).i64(e.sequence())
                .bytes16(body).toByteArray();
    }

    /**
     * Decodes the envelope at the start of a datagram and ignores what follows (the trailer).
     *
     * @param datagram untrusted bytes
     * @return the routing fields, not authenticated (the whole envelope is checked for well-formedness)
     * @throws DecodeException naming the first bad field
     */
    public static EnvelopeIn decodePrefix(byte[] datagram) throws DecodeException {
        WireReader r = new WireReader(datagram);
        Envelope.Kind kind = header(r);
        GroupId group = r.name8("group", 64, GROUPS);
        MemberId sender = r.name8("sender", 64, SENDERS);
        recipient(r);
        r.i64("epoch");
        long seq = r.i64("sequence");
        r.skip16("body", MAX_BODY);
        return new EnvelopeIn(kind, group, sender, seq);
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
        Envelope.Kind kind = header(r);
        GroupId group = r.name8("group", 64, GROUPS);
        MemberId sender = r.name8("sender", 64, SENDERS);
        MemberId recipient = recipient(r);
        long epoch = r.i64("epoch");
        long seq = r.i64("sequence");
        byte[] body = r.bytes16("body", MAX_BODY);
        r.expectEnd("envelope");
        return new Envelope(kind, group, sender, recipient, epoch, seq, body);
    }

    /** @return the recipient, or null if the length is 0 (to the group) */
    private static MemberId recipient(WireReader r) throws DecodeException {
        return r.name8("recipient", 64, RECIPIENTS);
    }

    /** Group names and sender ids seen lately (every datagram names both; a host sees few of each). */
    private static final NameCache<GroupId> GROUPS = new NameCache<>(256, g -> {
        try {
            return GroupId.of(g);
        } catch (IllegalArgumentException ex) {
            throw new DecodeException("group: invalid name");
        }
    });
    private static final NameCache<MemberId> SENDERS = new NameCache<>(4096, s -> {
        try {
            return MemberId.of(s);
        } catch (IllegalArgumentException ex) {
            throw new DecodeException("sender: invalid id");
        }
    });
    /** Recipients: the empty name is "to the group" (null). */
    private static final NameCache<MemberId> RECIPIENTS = new NameCache<>(4096, s -> {
        if (s.isEmpty()) {
            return null;
        }
        try {
            return MemberId.of(s);
        } catch (IllegalArgumentException ex) {
            throw new DecodeException("recipient: invalid id");
        }
    });

    private static Envelope.Kind header(WireReader r) throws DecodeException {
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
        return kind;
    }
}
