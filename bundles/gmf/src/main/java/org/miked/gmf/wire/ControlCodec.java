package org.miked.gmf.wire;

import java.util.ArrayList;
import java.util.List;
import org.miked.api.MemberId;
import org.miked.common.wire.DecodeException;
import org.miked.common.wire.WireReader;
import org.miked.common.wire.WireWriter;

/**
 * Codec of {@link Control} bodies. All integers big-endian; a body is exactly one message.
 *
 * <pre>
 * START   | 1 | run (64) | base epoch (64) | n (8) | n x (id length (8) | id) |
 * HELLO   | 2 | run (64) | epoch (64) | state (8: 0 agreeing, 1 keyed, 2 failed) | next switch (64, ms) | active (64) |
 * EPOCH   | 3 | run (64) | epoch (64) | next switch (64, ms) | active (64) |
 * BYE     | 4 | run (64) |
 * CONFIRM | 5 | run (64) | n (8) | have (ceil(n/8) bytes) | tag (128) |        = 26 + ceil(n/8): 30 at n = 25
 * REVOKE  | 8 | decision (8: 1 revoked, 0 pardoned) | at (64, ms) | id length (8) | receiver id |
 *
 * CONFIRM in bits (n = 25; have: bit i stands for position i of the START's member list, most significant
 * bit first, padding bits zero):
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    type = 5   |                                               |
 * +-+-+-+-+-+-+-+-+                                               +
 * |                 run (64 bits): the START's run                |
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               |     n = 25    |   have: ceil(n/8) = 4 bytes   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |       bit i = position i      |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                                                               |
 * +                                                               +
 * |             tag (128 bits): HMAC-SHA-256 truncated            |
 * +                                                               +
 * |                                                               |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * What the tag covers and under which key: {@code org.miked.gmf.core.ConfirmationTag}. HELLO and EPOCH carry the
 * sender's next switch and the epoch it sends under (issue 12, format of 2026-12-02): a sender that learns a newer
 * epoch late switches at once if the other already sends under an epoch newer than its own, else at the other's
 * next switch (no later than any epoch in between would have switched), never in its past or beyond its own
 * longest switch delay ({@code SenderGroup}).
 */
public final class ControlCodec {
    /** At most this many senders take part in a run (the paper's scenario). */
    public static final int MAX_MEMBERS = 64;

    private ControlCodec() {
    }

    public static byte[] encode(Control c) {
        WireWriter w = new WireWriter();
        if (c instanceof Control.Start s) {
            w.u8(1).i64(s.run()).i64(s.baseEpoch()).u8(s.members().size());
            s.members().forEach(m -> w.string8(m.id()));
        } else if (c instanceof Control.Hello h) {
            w.u8(2).i64(h.run()).i64(h.epoch()).u8(h.state()).i64(h.switchAt()).i64(h.active());
        } else if (c instanceof Control.Epoch e) {
            w.u8(3).i64(e.run()).i64(e.epoch()).i64(e.switchAt()).i64(e.active());
        } else if (c instanceof Control.Bye b) {
            w.u8(4).i64(b.run());
        } else if (c instanceof Control.Revoke v) {
            w.u8(8).u8(v.revoked() ? 1 : 0).i64(v.at()).string8(v.receiver().id());
        } else if (c instanceof Control.Confirm k) {
            w.u8(5).i64(k.run()).u8(k.n());
            byte[] have = new byte[(k.n() + 7) / 8];
            for (int i = 0; i < k.n(); i++) {
                if (k.has(i)) {
                    have[i / 8] |= (byte) (0x80 >>> (i % 8));
                }
            }
            w.bytes(have).bytes(k.tag());
        }
        return w.toByteArray();
    }

    public static Control decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        int type = r.u8("control.type");
        Control c;
        switch (type) {
            case 1 -> {
                long run = r.i64("start.run");
                long base = r.i64("start.baseEpoch");
                int n = r.u8("start.count");
                if (n < 1 || n > MAX_MEMBERS) {
                    throw new DecodeException("start.count: " + n + " not in 1.." + MAX_MEMBERS);
                }
                List<MemberId> members = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    try {
                        members.add(MemberId.of(r.string8("start.member", 64)));
                    } catch (IllegalArgumentException e) {
                        throw new DecodeException("start.member: invalid id");
                    }
                }
                if (members.stream().distinct().count() != n) {
                    throw new DecodeException("start.member: duplicate member");
                }
                c = new Control.Start(run, base, members);
            }
            case 2 -> {
                long run = r.i64("hello.run");
                long epoch = r.i64("hello.epoch");
                int state = r.u8("hello.state");
                if (state > Control.Hello.FAILED) {
                    throw new DecodeException("hello.state: " + state + " is not 0, 1 or 2");
                }
                c = new Control.Hello(run, epoch, state, r.i64("hello.switchAt"), r.i64("hello.active"));
            }
            case 3 -> c = new Control.Epoch(r.i64("epoch.run"), r.i64("epoch.epoch"), r.i64("epoch.switchAt"),
                    r.i64("epoch.active"));
            case 4 -> c = new Control.Bye(r.i64("bye.run"));
            case 8 -> {
                int d = r.u8("revoke.decision");
                if (d > 1) {
                    throw new DecodeException("revoke.decision: " + d + " is not 0 or 1");
                }
                long at = r.i64("revoke.at");
                try {
                    c = new Control.Revoke(MemberId.of(r.string8("revoke.receiver", 64)), d == 1, at);
                } catch (IllegalArgumentException e) {
                    throw new DecodeException("revoke.receiver: invalid id");
                }
            }
            case 5 -> c = confirm(r);
            default -> throw new DecodeException("control.type: unknown " + type);
        }
        r.expectEnd("control");
        return c;
    }

    private static Control.Confirm confirm(WireReader r) throws DecodeException {
        long run = r.i64("confirm.run");
        int n = r.u8("confirm.count");
        if (n < 2 || n > Control.Confirm.MAX_N) {
            throw new DecodeException("confirm.count: " + n + " not in 2.." + Control.Confirm.MAX_N);
        }
        byte[] bits = r.bytes((n + 7) / 8, "confirm.have");
        long have = 0;
        for (int i = 0; i < bits.length * 8; i++) {
            if ((bits[i / 8] & (0x80 >>> (i % 8))) != 0) {
                if (i >= n) {
                    throw new DecodeException("confirm.have: padding bit " + i + " set (n = " + n + ")");
                }
                have |= 1L << i;
            }
        }
        return new Control.Confirm(run, n, have, r.bytes(Control.Confirm.TAG_BYTES, "confirm.tag"));
    }
}
