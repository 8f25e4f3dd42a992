package org.miked.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaId;

/**
 * The text form of a kernel sink's SA ledger as kept in the host's state store: which SAs this daemon has,
 * or is about to have, in the kernel, so that after a SIGKILL the next incarnation can remove exactly those
 * (and never another daemon's or a manual {@code ip xfrm} SA). It holds no key material: SPIs and
 * addresses are on the wire anyway.
 *
 * <pre>
 *   miked-sa-ledger 1
 *   sa &lt;group&gt; &lt;sender&gt; &lt;epoch&gt; &lt;IN|OUT&gt; &lt;spi 0x%08x&gt; &lt;destination&gt; &lt;ESP|AH_ESP&gt; &lt;source&gt; &lt;sport&gt; &lt;dport&gt;
 *   ...                                               (one line per SA, '\n'-terminated, US-ASCII)
 * </pre>
 *
 * Group and member names are {@code [A-Za-z0-9._-]} and addresses are literals, so fields never contain a
 * space. A record that does not parse is rejected whole ({@link IllegalArgumentException} naming the line):
 * a sink then removes nothing rather than guess.
 */
final class SaLedgerRecord {
    static final String HEADER = "miked-sa-ledger 1";

    private SaLedgerRecord() {
    }

    /**
     * One SA the sink installed: what it takes to find it, check it is still ours and delete it and its policy.
     *
     * @param group the MSA's group (for the log)
     * @param sender the MSA's sender
     * @param epoch the MSA's epoch
     * @param direction IN or OUT (the policy's direction)
     * @param id SPI, destination, protocol
     * @param source the sender's address
     * @param sourcePort source port of the selector (0 = any)
     * @param destinationPort destination port of the selector (0 = any)
     */
    record Entry(GroupId group, MemberId sender, long epoch, Direction direction, SaId id, String source,
            int sourcePort, int destinationPort) {
        static Entry of(Msa m) {
            return new Entry(m.group(), m.sender(), m.epoch(), m.direction(), m.id(), m.source(), m.sourcePort(),
                    m.destinationPort());
        }

        /** @return an MSA with this entry's identity and selector and no keys: enough to delete it and its policy */
        Msa remnant() {
            return new Msa(id, group, sender, epoch, source, sourcePort, destinationPort, "-", new byte[0], "-",
                    new byte[0], 0, "none", 0, 0, 0, direction);
        }

        String line() {
            return String.format("sa %s %s %d %s 0x%08x %s %s %s %d %d", group.name(), sender.id(), epoch,
                    direction == Direction.OUTBOUND ? "OUT" : "IN", id.spi(), id.destination(), id.protocol().name(),
                    source, sourcePort, destinationPort);
        }
    }

    /**
     * @param entries the SAs
     * @return the record
     */
    static byte[] encode(Collection<Entry> entries) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries) {
            b.append(e.line()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param record the record's bytes
     * @return its entries, in order
     * @throws IllegalArgumentException naming the line and field that is wrong
     */
    static List<Entry> decode(byte[] record) {
        String text = new String(record, StandardCharsets.US_ASCII);
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("truncated: the last line has no end");
        }
        String[] lines = text.split("\n", -1);
        if (!HEADER.equals(lines[0])) {
            throw new IllegalArgumentException("line 1 is not '" + HEADER + "'");
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            out.add(line(i + 1, lines[i]));
        }
        return out;
    }

    private static Entry line(int n, String line) {
        String[] f = line.split(" ", -1);
        if (f.length != 11 || !"sa".equals(f[0])) {
            throw new IllegalArgumentException("line " + n + " is not 'sa' and 10 fields: '" + line + "'");
        }
        try {
            Direction dir = switch (f[4]) {
                case "IN" -> Direction.INBOUND;
                case "OUT" -> Direction.OUTBOUND;
                default -> throw new IllegalArgumentException("direction '" + f[4] + "' is not IN or OUT");
            };
            if (!f[5].startsWith("0x") || f[5].length() != 10) {
                throw new IllegalArgumentException("SPI '" + f[5] + "' is not 0x and 8 hex digits");
            }
            int spi = Integer.parseUnsignedInt(f[5].substring(2), 16);
            org.miked.common.net.IpLiteral.address(f[8]); // literals only: no name lookup, ever
            org.miked.common.net.IpLiteral.address(f[6]);
            return new Entry(GroupId.of(f[1]), MemberId.of(f[2]), Long.parseLong(f[3]), dir,
                    new SaId(spi, f[6], IpsecProtocol.valueOf(f[7])), f[8], port(f[9]),
                    port(f[10]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + n + ": " + e.getMessage(), e);
        }
    }

    private static int port(String s) {
        int p = Integer.parseInt(s);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " is outside 0..65535");
        }
        return p;
    }
}
