package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.common.crypto.Randoms;
import org.miked.lkh.state.ServerState;
import org.miked.lkh.state.ServerStateCodec;
import org.miked.lkh.state.StateSealer;
import org.miked.api.GroupId;
import org.miked.api.runtime.RandomSource;

/**
 * What keeping the tree costs at the size of one key server of the 100,000-receiver run (4,000 receivers,
 * d = 4): snapshot + encode + seal of one record, and open + decode + rebuild, printed (no timed assertion:
 * the machine is shared). Also a round trip: the rebuilt tree holds every key, version and count of the
 * original.
 */
class LkhStateCostTest {
    private static final int N = 4_000;

    private static KeyTree tree(List<ServerState.Receiver> out, RandomSource rnd) {
        KeyTree t = new KeyTree(4);
        List<BatchRekey.Join> joins = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            joins.add(new BatchRekey.Join(rnd.bytes(16), i % 10 == 0, i % 10 == 0));
        }
        BatchRekey.Result r = BatchRekey.run(t, List.of(), joins, 1, rnd.bytes(32), rnd);
        // a few batches of churn, so versions differ
        for (long seq = 2; seq < 12; seq++) {
            int slot = (int) (seq * 97 % N);
            slot += slot % 10 == 0 ? 1 : 0; // a non-EMCON one
            List<BatchRekey.Leave> leaves = List.of(new BatchRekey.Leave(slot, false));
            BatchRekey.run(t, leaves, List.of(new BatchRekey.Join(rnd.bytes(16), false, false)), seq, rnd.bytes(32), rnd);
        }
        for (int leaf = 0; leaf < t.nextSlot(); leaf++) {
            int id = Nodes.id(0, leaf);
            if (t.hasKey(id)) {
                out.add(new ServerState.Receiver(MemberId.of(String.format("r%06d", leaf)), leaf % 10 == 0, leaf,
                        t.version(id), leaf, t.key(id)));
            }
        }
        assertThat(r.slots()).hasSize(N);
        return t;
    }

    @Test
    void aRecordOf4000ReceiversRoundTripsAndItsCostIsPrinted() throws Exception {
        RandomSource rnd = Randoms.deterministic(5, "cost");
        List<ServerState.Receiver> rs = new ArrayList<>();
        KeyTree t = tree(rs, rnd);
        StateSealer sealer = new StateSealer(GroupId.of("g"), MemberId.of("s01"), rnd.bytes(32), rnd);

        byte[] record = sealer.seal(ServerStateCodec.encode(ServerStateKeeper.snapshot(t, 11, 11 + 1024, 7, rs)));
        KeyTree back = new KeyTree(4);
        ServerStateKeeper.restoreTree(back, ServerStateCodec.decode(sealer.open(record)));
        assertSameTree(t, back);
        for (int i = 0; i < 300; i++) { // warm-up: until the JIT compiled AES-GCM the seal is ~20x slower
            ServerStateKeeper.restoreTree(new KeyTree(4), ServerStateCodec.decode(sealer.open(
                    sealer.seal(ServerStateCodec.encode(ServerStateKeeper.snapshot(t, 11, 11 + 1024, 7, rs))))));
        }
        int rounds = 100;
        long[][] us = new long[6][rounds];
        for (int i = 0; i < rounds; i++) {
            long a = System.nanoTime();
            ServerState snap = ServerStateKeeper.snapshot(t, 11, 11 + 1024, 7, rs);
            long b = System.nanoTime();
            byte[] body = ServerStateCodec.encode(snap);
            long c = System.nanoTime();
            record = sealer.seal(body);
            long d = System.nanoTime();
            byte[] opened = sealer.open(record);
            long e = System.nanoTime();
            ServerState st = ServerStateCodec.decode(opened);
            long f = System.nanoTime();
            ServerStateKeeper.restoreTree(new KeyTree(4), st);
            long g = System.nanoTime();
            long[] at = {a, b, c, d, e, f, g};
            for (int k = 0; k < 6; k++) {
                us[k][i] = (at[k + 1] - at[k]) / 1000;
            }
        }
        String[] names = {"snapshot", "encode", "seal", "open", "decode", "rebuild"};
        StringBuilder sb = new StringBuilder();
        long write = 0;
        long read = 0;
        for (int k = 0; k < 6; k++) {
            Arrays.sort(us[k]);
            long median = us[k][rounds / 2];
            sb.append(' ').append(names[k]).append(' ').append(median).append(" us");
            if (k < 3) {
                write += median;
            } else {
                read += median;
            }
        }
        System.out.printf("lkh state record, %d receivers, d = 4: %d bytes; medians of %d:%s; write %d us, read %d us%n",
                rs.size(), record.length, rounds, sb, write, read);
        assertThat(record.length).as("about 37 bytes per receiver and 24 per interior node").isLessThan(N * 50);
    }

    private static void assertSameTree(KeyTree a, KeyTree b) {
        assertThat(b.height()).isEqualTo(a.height());
        assertThat(b.nextSlot()).isEqualTo(a.nextSlot());
        for (int l = 0; l <= a.height(); l++) {
            for (int i = 0; i < Math.max(a.width(l), b.width(l)); i++) {
                int id = Nodes.id(l, i);
                assertThat(b.hasKey(id)).as(Nodes.name(id)).isEqualTo(a.hasKey(id));
                assertThat(b.count(id)).as(Nodes.name(id)).isEqualTo(a.count(id));
                assertThat(b.emcon(id)).as(Nodes.name(id)).isEqualTo(a.emcon(id));
                if (a.hasKey(id)) {
                    assertThat(b.version(id)).isEqualTo(a.version(id));
                    assertThat(b.key(id)).isEqualTo(a.key(id));
                }
            }
        }
        // the same free slots, handed out in the same order
        for (int k = 0; k < 3; k++) {
            assertThat(b.allocateSlot()).isEqualTo(a.allocateSlot());
        }
    }
}
