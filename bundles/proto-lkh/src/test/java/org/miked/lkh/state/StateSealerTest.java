package org.miked.lkh.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.common.crypto.Randoms;

/** The sealed state record: round trip, and each kind of damage named (and nothing of it returned). */
class StateSealerTest {
    private static final GroupId G = GroupId.of("trial");
    private static final MemberId S = MemberId.of("s01");
    private static final byte[] KEY = new byte[32];

    private static StateSealer sealer(GroupId g, MemberId s, byte[] key) {
        return new StateSealer(g, s, key, Randoms.deterministic(1, "nonce"));
    }

    private static ServerState sample() {
        return new ServerState(4, 2, 17, 17 + 1024, 99, 5,
                List.of(new ServerState.Receiver(MemberId.of("r00001"), false, 0, 3, 12, new byte[16]),
                        new ServerState.Receiver(MemberId.of("r00002"), true, 4, 17, 0, filled(16, 7))),
                new int[] {1 << 24, 1 << 24 | 1, 2 << 24}, new long[] {3, 17, 17}, filled(48, 9));
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static StateDamage.Kind damage(byte[] record, StateSealer s) {
        try {
            ServerStateCodec.decode(s.open(record));
            throw new AssertionError("accepted");
        } catch (StateDamage d) {
            assertThat(d.getMessage()).isNotBlank();
            return d.kind();
        }
    }

    @Test
    void aRecordRoundTrips() throws Exception {
        ServerState in = sample();
        byte[] rec = sealer(G, S, KEY).seal(ServerStateCodec.encode(in));
        ServerState out = ServerStateCodec.decode(sealer(G, S, KEY).open(rec));
        assertThat(out.seq()).isEqualTo(17);
        assertThat(out.seqReserved()).isEqualTo(1041);
        assertThat(out.epoch()).isEqualTo(99);
        assertThat(out.receivers()).hasSize(2);
        assertThat(out.receivers().get(1).emcon()).isTrue();
        assertThat(out.receivers().get(1).leafKey()).isEqualTo(filled(16, 7));
        assertThat(out.receivers().get(0).refreshCounter()).isEqualTo(12);
        assertThat(out.nodeIds()).containsExactly(1 << 24, 1 << 24 | 1, 2 << 24);
        assertThat(out.nodeVersions()).containsExactly(3, 17, 17);
        assertThat(out.nodeKeys()).isEqualTo(filled(48, 9));
    }

    @Test
    void everyFlippedBitIsDetected() {
        StateSealer s = sealer(G, S, KEY);
        byte[] rec = s.seal(ServerStateCodec.encode(sample()));
        for (int i = 0; i < rec.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] d = rec.clone();
                d[i] ^= (byte) (1 << bit);
                assertThat(damage(d, s)).as("byte " + i + " bit " + bit).isNotNull();
            }
        }
    }

    @Test
    void eachDamageIsNamed() {
        StateSealer s = sealer(G, S, KEY);
        byte[] rec = s.seal(ServerStateCodec.encode(sample()));
        byte[] flipped = rec.clone();
        flipped[rec.length - 20] ^= 4;
        assertThat(damage(flipped, s)).isEqualTo(StateDamage.Kind.CORRUPT);
        for (int n : new int[] {0, 3, 8, 20, rec.length - 17, rec.length - 1}) {
            assertThat(damage(Arrays.copyOf(rec, n), s)).as(n + " bytes").isEqualTo(StateDamage.Kind.TRUNCATED);
        }
        byte[] longer = Arrays.copyOf(rec, rec.length + 1);
        assertThat(damage(longer, s)).isEqualTo(StateDamage.Kind.CORRUPT);
        assertThat(damage(sealer(GroupId.of("other"), S, KEY).seal(new byte[8]), s)).isEqualTo(StateDamage.Kind.FOREIGN);
        assertThat(damage(sealer(G, MemberId.of("s02"), KEY).seal(new byte[8]), s)).isEqualTo(StateDamage.Kind.FOREIGN);
        assertThat(damage(sealer(G, S, filled(32, 1)).seal(new byte[8]), s)).isEqualTo(StateDamage.Kind.WRONG_KEY);
        byte[] magic = rec.clone();
        magic[0] = 'X';
        assertThat(damage(magic, s)).isEqualTo(StateDamage.Kind.NOT_A_RECORD);
        byte[] format = rec.clone();
        format[4] = 2;
        assertThat(damage(format, s)).isEqualTo(StateDamage.Kind.FORMAT);
    }

    @Test
    void anAuthenticButImpossibleBodyIsCorrupt() {
        StateSealer s = sealer(G, S, KEY);
        ServerState base = sample();
        ServerState twice = new ServerState(4, 2, 17, 1041, 99, 5, List.of(base.receivers().get(0),
                new ServerState.Receiver(MemberId.of("r00009"), false, 0, 3, 0, new byte[16])), base.nodeIds(),
                base.nodeVersions(), base.nodeKeys());
        assertThat(damage(s.seal(ServerStateCodec.encode(twice)), s)).as("one leaf twice").isEqualTo(StateDamage.Kind.CORRUPT);
        ServerState beyond = new ServerState(4, 2, 17, 1041, 99, 5, List.of(
                new ServerState.Receiver(MemberId.of("r00009"), false, 7, 3, 0, new byte[16])), new int[0], new long[0],
                new byte[0]);
        assertThat(damage(s.seal(ServerStateCodec.encode(beyond)), s)).as("leaf beyond nextSlot").isEqualTo(StateDamage.Kind.CORRUPT);
        assertThat(damage(s.seal(new byte[10]), s)).as("short body").isEqualTo(StateDamage.Kind.CORRUPT);
        byte[] body = ServerStateCodec.encode(base);
        assertThat(damage(s.seal(Arrays.copyOf(body, body.length + 3)), s)).as("trailing bytes").isEqualTo(StateDamage.Kind.CORRUPT);
    }

    @Test
    void aSignKeyIsNeeded() {
        assertThatThrownBy(() -> sealer(G, S, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
