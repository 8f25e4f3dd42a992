package org.miked.dispatcher.real.wire;

import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.common.wire.DecodeException;
import org.miked.common.wire.WireReader;

/**
 * Reads the group and the claimed sender id from the front of a GMF envelope (docs/gmf-contract.md),
 * the only part of a payload the dispatcher looks at: it needs the sender id to apply member-id filter
 * rules and to learn where unicast to that member goes. Nothing read here is authenticated.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   'M' (0x4d)  |   'K' (0x4b)  |  version (2)  |     kind      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  group length |  group name (1..64 bytes, [A-Za-z0-9._-])    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | sender length |  sender id (1..64 bytes, [A-Za-z0-9._:-])     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  rest of the envelope and trailer: not read here              ~
 * </pre>
 *
 * This duplicates the first fields of the GMF's EnvelopeCodec on purpose: the dispatcher must not depend
 * on the GMF bundle's private packages. If the envelope changes, this peek changes with it.
 */
public final class EnvelopePeek {
    private static final int MAX_NAME = 64;

    /**
     * @param group the group the datagram claims
     * @param sender the sender it claims
     */
    public record Claim(GroupId group, MemberId sender) {
    }

    private EnvelopePeek() {
    }

    /**
     * @param datagram untrusted bytes
     * @param length number of valid bytes
     * @return the claimed group and sender
     * @throws DecodeException naming the first bad field
     */
    public static Claim peek(byte[] datagram, int length) throws DecodeException {
        WireReader r = new WireReader(datagram, 0, length);
        if (r.u8("magic") != 0x4d || r.u8("magic") != 0x4b) {
            throw new DecodeException("magic: not a MIKED envelope");
        }
        int version = r.u8("version");
        if (version != 2) {
            throw new DecodeException("version: unsupported envelope version " + version);
        }
        r.u8("kind");
        String g = r.string8("group", MAX_NAME);
        String s = r.string8("sender", MAX_NAME);
        try {
            return new Claim(GroupId.of(g), MemberId.of(s));
        } catch (IllegalArgumentException e) {
            throw new DecodeException("group/sender: " + e.getMessage());
        }
    }
}
