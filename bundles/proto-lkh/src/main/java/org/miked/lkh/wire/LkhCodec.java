package org.miked.lkh.wire;

import java.util.ArrayList;
import java.util.List;
import org.miked.common.wire.DecodeException;
import org.miked.common.wire.WireReader;
import org.miked.common.wire.WireWriter;

/**
 * Wire format of proto-lkh. Every message starts with a one-byte type. Integers are big-endian.
 *
 * <pre>
 * Client to key server (unicast):
 *   REGISTER (1)    | type | client X25519 public key (32) |                           33 bytes
 *   LEAVE (2)       | type | leaf node id (32) | leaf version (32) |                     9 bytes
 *   REPAIR_REQ (3)  | type | leaf node id (32) | leaf version (32) | have epoch (64) | have seq (32) |  25 bytes
 *   REFRESH (7)     | type | leaf node id (32) | leaf version (32) | counter (32) |     13 bytes
 *                     renews the lease of the registration (leaf, version); counter: 1, 2, ... per
 *                     registration, every copy its own; the server takes only a counter above the last one it
 *                     took for that registration, so a replayed refresh renews nothing
 *
 * Key server to client (unicast):
 *   REFUSE (4)      | type | code (8): 1 refused, 2 unknown member | answers (8): request type |
 *                   | binding length (8) | binding | reason length (8) | reason UTF-8 |
 *                     binding: the request's registration; for REGISTER the client's X25519 key (32),
 *                     for REPAIR_REQ and REFRESH its leaf node id (32) and leaf version (32). The GMF envelope
 *                     names the recipient; the binding ties the answer to one registration of it, so a
 *                     REFUSE can neither be replayed to another receiver nor to a later registration.
 *   LEAVE_ACK (6)   | type | leaf node id (32) | leaf version (32) |                     9 bytes
 *                     (the registration whose LEAVE the server took; the client retransmits LEAVE until then)
 *   REFRESH_ACK (8) | type | leaf node id (32) | leaf version (32) | counter (32) |     13 bytes
 *                     (the REFRESH whose counter the server took; the client retransmits REFRESH until then)
 *
 * REFRESH and REFRESH_ACK:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  type (7 / 8) |           leaf node id (32) ...               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | ... leaf id   |           leaf version (32) ...               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | ... version   |           counter (32) ...                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | ... counter   |                                                 13 bytes
 * +-+-+-+-+-+-+-+-+
 *
 * Key server to receivers (multicast):
 *   HEARTBEAT (5)   | type | degree (8) | seq (32) | epoch (64) |                          14 bytes
 *
 * Key messages: REKEY (16, multicast), REPAIR (17, multicast, EMCON), KEYS (18, unicast repair answer),
 * WELCOME (19, unicast registration answer):
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     type      |    degree     |   parts (packets of the rekey)|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        part (0-based)         |          entry count          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  rekey sequence number (32)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         epoch (64)                            |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              first leaf index served (lo)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              last leaf index served (hi)                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~   server X25519 public key (32 bytes, WELCOME only)           ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~   entries ...                                                 ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+   header 28 bytes (60 WELCOME)
 *
 * Entry (32 bytes; 36 with V; 48 for an epoch key):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | K |V|  level  |          KEK node index (24 bits)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      KEK version (32)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          new version (32), present only if V = 1              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~  AES key wrap (RFC 3394): 24 bytes, or 40 bytes if K = EPOCH  ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   K: 0 PARENT (key of the KEK node's parent), 1 SELF (new version of the KEK node's key),
 *      2 EPOCH (the epoch key, KEK = root), 3 INDIVIDUAL (leaf key under the registration key).
 *   V = 0: the new version equals the header's rekey sequence number (keys created by this rekey).
 *   K = EPOCH with V = 1 (issue 12): the key of an earlier epoch, header epoch minus the new-version field
 *      (1..2^32-1), that senders may still send under: a receiver that missed its rekey decrypts with it until the
 *      next switch. Only epochs every holder of the root key was a member in (docs/proto-lkh.md "Past epoch keys").
 * </pre>
 */
public final class LkhCodec {
    public static final int REGISTER = 1;
    public static final int LEAVE = 2;
    public static final int REPAIR_REQ = 3;
    public static final int REFUSE = 4;
    public static final int HEARTBEAT = 5;
    public static final int LEAVE_ACK = 6;
    public static final int REFRESH = 7;
    public static final int REFRESH_ACK = 8;
    public static final int REKEY = 16;
    public static final int REPAIR = 17;
    public static final int KEYS = 18;
    public static final int WELCOME = 19;

    /** REFUSE code: the server will not admit this receiver. */
    public static final int REFUSED = 1;
    /** REFUSE code: the server does not know this leaf (register again). */
    public static final int UNKNOWN = 2;

    /** Bytes of a key-message header (without the WELCOME server key). */
    public static final int HEADER = 28;
    /** Wrapped node key (16-byte key + 8). */
    public static final int NODE_WRAP = 24;
    /** Wrapped epoch key (32-byte key + 8). */
    public static final int EPOCH_WRAP = 40;
    /** X25519 public key. */
    public static final int X25519_LEN = 32;
    private static final int MAX_LEVEL = 31;
    private static final int MAX_REASON = 200;
    private static final int MAX_BINDING = 64;

    /** A decoded REGISTER. */
    public record Register(byte[] clientPub) {
        public Register {
            clientPub = clientPub.clone();
        }

        @Override
        public byte[] clientPub() {
            return clientPub.clone();
        }
    }

    /** A decoded LEAVE naming the registration (leaf and its version) that leaves. */
    public record Leave(int leaf, long leafVersion) {
    }

    /**
     * A decoded REFRESH, or REFRESH_ACK (the same fields).
     *
     * @param leaf the registration's leaf node id
     * @param leafVersion its version
     * @param counter 1, 2, ... per registration
     */
    public record Refresh(int leaf, long leafVersion, long counter) {
    }

    /** A decoded REPAIR_REQ: what the receiver holds. */
    public record RepairRequest(int leaf, long leafVersion, long haveEpoch, long haveSeq) {
    }

    /**
     * A decoded REFUSE.
     *
     * @param code {@link #REFUSED} or {@link #UNKNOWN}
     * @param answers the request type it answers ({@link #REGISTER}, {@link #REPAIR_REQ} or {@link #REFRESH})
     * @param binding that request's registration ({@link #registerBinding}, {@link #repairBinding})
     * @param reason the server's reason
     */
    public record Refuse(int code, int answers, byte[] binding, String reason) {
        public Refuse {
            binding = binding.clone();
        }

        @Override
        public byte[] binding() {
            return binding.clone();
        }

        /** @return true if this answers exactly this request binding */
        public boolean binds(int request, byte[] expected) {
            return answers == request && java.security.MessageDigest.isEqual(binding, expected);
        }
    }

    /** A decoded HEARTBEAT: the server's current state. */
    public record Heartbeat(int degree, long seq, long epoch) {
    }

    private LkhCodec() {
    }

    /**
     * @param body a message
     * @return its type byte
     * @throws DecodeException if empty
     */
    public static int type(byte[] body) throws DecodeException {
        return new WireReader(body).u8("type");
    }

    /** @return encoded REGISTER */
    public static byte[] register(byte[] clientPub) {
        if (clientPub.length != X25519_LEN) {
            throw new IllegalArgumentException("X25519 key must be 32 bytes");
        }
        return new WireWriter(33).u8(REGISTER).bytes(clientPub).toByteArray();
    }

    /** @return encoded LEAVE */
    public static byte[] leave(int leaf, long leafVersion) {
        return new WireWriter(9).u8(LEAVE).i32(leaf).u32(leafVersion).toByteArray();
    }

    /** @return encoded REPAIR_REQ */
    public static byte[] repairRequest(int leaf, long leafVersion, long haveEpoch, long haveSeq) {
        return new WireWriter(25).u8(REPAIR_REQ).i32(leaf).u32(leafVersion).i64(haveEpoch).u32(haveSeq)
                .toByteArray();
    }

    /** @return encoded REFRESH of the registration (leaf, version) with this counter */
    public static byte[] refresh(int leaf, long leafVersion, long counter) {
        return new WireWriter(13).u8(REFRESH).i32(leaf).u32(leafVersion).u32(counter).toByteArray();
    }

    /** @return encoded REFRESH_ACK: the server took this refresh */
    public static byte[] refreshAck(int leaf, long leafVersion, long counter) {
        return new WireWriter(13).u8(REFRESH_ACK).i32(leaf).u32(leafVersion).u32(counter).toByteArray();
    }

    /** @return decoded REFRESH */
    public static Refresh decodeRefresh(byte[] body) throws DecodeException {
        return refreshFields(reader(body, REFRESH), "refresh");
    }

    /** @return decoded REFRESH_ACK */
    public static Refresh decodeRefreshAck(byte[] body) throws DecodeException {
        return refreshFields(reader(body, REFRESH_ACK), "refreshAck");
    }

    private static Refresh refreshFields(WireReader r, String what) throws DecodeException {
        Refresh f = new Refresh(r.i32(what + ".leaf"), r.u32(what + ".leafVersion"), r.u32(what + ".counter"));
        r.expectEnd(what);
        return f;
    }

    /** @return what binds an answer to the REGISTER carrying this client key */
    public static byte[] registerBinding(byte[] clientPub) {
        return clientPub.clone();
    }

    /** @return what binds an answer to a REPAIR_REQ or REFRESH of this registration */
    public static byte[] repairBinding(int leaf, long leafVersion) {
        return new WireWriter(8).i32(leaf).u32(leafVersion).toByteArray();
    }

    /** @return encoded REFUSE (reason cut to 200 bytes) answering a request with this binding */
    public static byte[] refuse(int code, int answers, byte[] binding, String reason) {
        byte[] r = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (r.length > MAX_REASON) {
            r = java.util.Arrays.copyOf(r, MAX_REASON);
        }
        if (binding.length > MAX_BINDING) {
            throw new IllegalArgumentException("binding of " + binding.length + " bytes");
        }
        return new WireWriter(5 + binding.length + r.length).u8(REFUSE).u8(code).u8(answers).bytes8(binding)
                .bytes8(r).toByteArray();
    }

    /** @return encoded HEARTBEAT */
    public static byte[] heartbeat(int degree, long seq, long epoch) {
        return new WireWriter(14).u8(HEARTBEAT).u8(degree).u32(seq).i64(epoch).toByteArray();
    }

    /** @return decoded REGISTER */
    public static Register decodeRegister(byte[] body) throws DecodeException {
        WireReader r = reader(body, REGISTER);
        byte[] pub = r.bytes(X25519_LEN, "register.clientPub");
        r.expectEnd("register");
        return new Register(pub);
    }

    /** @return encoded LEAVE_ACK for the registration that left */
    public static byte[] leaveAck(int leaf, long leafVersion) {
        return new WireWriter(9).u8(LEAVE_ACK).i32(leaf).u32(leafVersion).toByteArray();
    }

    /** @return decoded LEAVE_ACK (the same fields as a LEAVE) */
    public static Leave decodeLeaveAck(byte[] body) throws DecodeException {
        WireReader r = reader(body, LEAVE_ACK);
        Leave l = new Leave(r.i32("leaveAck.leaf"), r.u32("leaveAck.leafVersion"));
        r.expectEnd("leaveAck");
        return l;
    }

    /** @return decoded LEAVE */
    public static Leave decodeLeave(byte[] body) throws DecodeException {
        WireReader r = reader(body, LEAVE);
        Leave l = new Leave(r.i32("leave.leaf"), r.u32("leave.leafVersion"));
        r.expectEnd("leave");
        return l;
    }

    /** @return decoded REPAIR_REQ */
    public static RepairRequest decodeRepairRequest(byte[] body) throws DecodeException {
        WireReader r = reader(body, REPAIR_REQ);
        RepairRequest q = new RepairRequest(r.i32("repair.leaf"), r.u32("repair.leafVersion"),
                r.i64("repair.haveEpoch"), r.u32("repair.haveSeq"));
        r.expectEnd("repair");
        return q;
    }

    /** @return decoded REFUSE */
    public static Refuse decodeRefuse(byte[] body) throws DecodeException {
        WireReader r = reader(body, REFUSE);
        int code = r.u8("refuse.code");
        if (code != REFUSED && code != UNKNOWN) {
            throw new DecodeException("refuse.code " + code + " unknown");
        }
        int answers = r.u8("refuse.answers");
        if (answers != REGISTER && answers != REPAIR_REQ && answers != REFRESH) {
            throw new DecodeException("refuse.answers " + answers + " is not a request type");
        }
        byte[] binding = r.bytes8("refuse.binding", MAX_BINDING);
        String reason = r.string8("refuse.reason", MAX_REASON);
        r.expectEnd("refuse");
        return new Refuse(code, answers, binding, reason);
    }

    /** @return decoded HEARTBEAT */
    public static Heartbeat decodeHeartbeat(byte[] body) throws DecodeException {
        WireReader r = reader(body, HEARTBEAT);
        Heartbeat h = new Heartbeat(degree(r), r.u32("heartbeat.seq"), r.i64("heartbeat.epoch"));
        r.expectEnd("heartbeat");
        return h;
    }

    private static int degree(WireReader r) throws DecodeException {
        int d = r.u8("degree");
        if (d < 2 || d > 64) {
            throw new DecodeException("degree " + d + " outside 2..64");
        }
        return d;
    }

    private static WireReader reader(byte[] body, int type) throws DecodeException {
        WireReader r = new WireReader(body);
        int t = r.u8("type");
        if (t != type) {
            throw new DecodeException("type " + t + ", expected " + type);
        }
        return r;
    }

    /** @return bytes one entry takes on the wire inside a message with rekey sequence {@code seq} */
    public static int entrySize(WrapEntry e, long seq) {
        if (e.kind() == WrapEntry.Kind.EPOCH) {
            return 8 + EPOCH_WRAP + (e.newVersion() == 0 ? 0 : 4);
        }
        return 8 + NODE_WRAP + (e.newVersion() == seq ? 0 : 4);
    }

    /** @return the encoded key message */
    public static byte[] encode(KeyMessage m) {
        boolean welcome = m.type() == WELCOME;
        int size = HEADER + (welcome ? X25519_LEN : 0);
        for (WrapEntry e : m.entries()) {
            size += entrySize(e, m.seq());
        }
        WireWriter w = new WireWriter(size);
        w.u8(m.type()).u8(m.degree()).u16(m.parts()).u16(m.part()).u16(m.entries().size()).u32(m.seq())
                .i64(m.epoch()).u32(m.lo()).u32(m.hi());
        if (welcome) {
            w.bytes(m.serverPub());
        }
        for (WrapEntry e : m.entries()) {
            int level = e.kekNode() >>> 24;
            if (level > MAX_LEVEL) {
                throw new IllegalArgumentException("level " + level);
            }
            boolean explicit = e.kind() == WrapEntry.Kind.EPOCH ? e.newVersion() != 0 : e.newVersion() != m.seq();
            int word = (e.kind().ordinal() << 30) | (explicit ? 1 << 29 : 0) | (level << 24)
                    | (e.kekNode() & 0xffffff);
            w.i32(word).u32(e.kekVersion());
            if (explicit) {
                w.u32(e.newVersion());
            }
            int expect = e.kind() == WrapEntry.Kind.EPOCH ? EPOCH_WRAP : NODE_WRAP;
            if (e.raw().length != expect) {
                throw new IllegalArgumentException(e.kind() + " wrap must be " + expect + " bytes");
            }
            w.bytes(e.raw());
        }
        return w.toByteArray();
    }

    /**
     * @param body hostile input
     * @return the decoded key message
     * @throws DecodeException naming the first field that does not fit
     */
    /**
     * Reads only a key message's rekey sequence and epoch (offsets 8 and 12 of the header above), so that a
     * receiver can drop a repair that brings nothing it lacks without decoding a kilobyte of entries.
     *
     * @param body a message whose type is a key message
     * @return {seq, epoch}, or null if the body is too short to hold them
     */
    public static long[] peekSeqEpoch(byte[] body) {
        if (body.length < 20) {
            return null;
        }
        long seq = ((body[8] & 0xffL) << 24) | ((body[9] & 0xffL) << 16) | ((body[10] & 0xffL) << 8) | (body[11] & 0xffL);
        long epoch = 0;
        for (int i = 12; i < 20; i++) {
            epoch = (epoch << 8) | (body[i] & 0xffL);
        }
        return new long[] {seq, epoch};
    }

    public static KeyMessage decodeKeyMessage(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        int type = r.u8("type");
        if (type < REKEY || type > WELCOME) {
            throw new DecodeException("type " + type + " is not a key message");
        }
        int degree = degree(r);
        int parts = r.u16("parts");
        int part = r.u16("part");
        if (parts == 0 || part >= parts) {
            throw new DecodeException("part " + part + " of " + parts);
        }
        int count = r.u16("entries");
        long seq = r.u32("seq");
        long epoch = r.i64("epoch");
        if (epoch < 0) {
            throw new DecodeException("epoch negative");
        }
        long lo = r.u32("lo");
        long hi = r.u32("hi");
        if (lo > hi) {
            throw new DecodeException("leaf range " + lo + ".." + hi + " is empty");
        }
        byte[] pub = type == WELCOME ? r.bytes(X25519_LEN, "serverPub") : new byte[0];
        if ((long) count * (8 + NODE_WRAP) > r.remaining()) {
            throw new DecodeException("entries " + count + " cannot fit in " + r.remaining() + " remaining bytes");
        }
        int n = count;
        List<WrapEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            try {
                entries.add(entry(r, seq));
            } catch (DecodeException e) {
                // labels are built only for the message that failed (a receiver decodes millions of entries)
                throw new DecodeException("entry[" + i + "]: " + e.getMessage());
            }
        }
        r.expectEnd("key message");
        return new KeyMessage(type, degree, part, parts, seq, epoch, lo, hi, pub, entries);
    }

    /** {@code Kind.values()} once (it copies the array at every call). */
    private static final WrapEntry.Kind[] KINDS = WrapEntry.Kind.values();

    private static WrapEntry entry(WireReader r, long seq) throws DecodeException {
        int word = r.i32("kek");
        WrapEntry.Kind kind = KINDS[word >>> 30];
        boolean explicit = (word & (1 << 29)) != 0;
        int node = word & 0x1fffffff;
        long kekVersion = r.u32("kekVersion");
        long newVersion = explicit ? r.u32("newVersion") : kind == WrapEntry.Kind.EPOCH ? 0 : seq;
        if (kind == WrapEntry.Kind.EPOCH && explicit && newVersion == 0) {
            throw new DecodeException("a past epoch entry must name an earlier epoch (delta 0)");
        }
        byte[] wrapped = r.bytes(kind == WrapEntry.Kind.EPOCH ? EPOCH_WRAP : NODE_WRAP, "wrapped");
        return new WrapEntry(kind, node, kekVersion, newVersion, wrapped);
    }
}
