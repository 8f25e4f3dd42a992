package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.miked.testkit.FuzzBodies;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.protocol.EpochKey;
import org.miked.lkh.wire.LkhCodec;
import org.miked.testkit.TestContext;
import org.miked.testkit.TestPolicies;

/**
 * Coverage-guided fuzzing of {@link LkhClient} fed hostile bodies that its key server's authentication
 * vouched for (docs/fuzzing.md). A fresh group of 4 receivers is keyed and rekeyed once after a leave
 * ({@link #keyedGroup}); receiver r00002 then gets the fuzz input as up to 8 bodies from the key server
 * ({@link FuzzBodies}), replays of what it received before among the seeds; then the server rekeys as usual.
 *
 * <p>Invariants: no exception escapes {@code onMessage}; every epoch key the client installs is one the
 * server issued, and its epoch never goes back (a replayed rekey does not roll it back); after the hostile
 * bodies a genuine rekey still reaches it within 5 s of virtual time.
 */
class LkhClientFuzzTest {
    static final MemberId VICTIM = TestPolicies.receiverId(2);

    /**
     * The scenario before the hostile bodies (also the seed generator's): 4 receivers keyed, r00004 leaves,
     * the batch rekey; what r00002 receives meanwhile goes to {@code received}.
     */
    static Harness keyedGroup(List<EpochKey> issued, List<byte[]> received) {
        Harness h = new Harness(5, 4, i -> false, Map.of());
        h.startAll(1, 4);
        LkhClient c = h.clients.get(VICTIM);
        h.net.attach(VICTIM, Role.RECEIVER, (from, body) -> {
            received.add(body);
            c.onMessage(from, body);
        });
        h.run(50);
        issued.add(h.rekey());
        h.run(1_000);
        h.leave(TestPolicies.receiverId(4));
        h.runGmf(3_000);
        issued.add(h.current);
        return h;
    }

    @FuzzTest
    void hostileServerBodies(byte[] data) {
        List<EpochKey> issued = new ArrayList<>();
        List<byte[]> genuine = new ArrayList<>();
        Harness h = keyedGroup(issued, genuine);
        assertThat(h.lagging()).isEmpty();
        LkhClient c = h.clients.get(VICTIM);
        TestContext ctx = h.ctxs.get(VICTIM);
        long epochBefore = ctx.lastKey().epoch();
        for (byte[] body : FuzzBodies.split(data)) {
            c.onMessage(h.s, body);
            h.run(10);
        }
        assertInstalledKeysAreIssued(issued, ctx.epochKeys);
        assertThat(ctx.lastKey().epoch()).as("epoch after the hostile bodies").isGreaterThanOrEqualTo(epochBefore);
        boolean forgedHeader = FuzzBodies.split(data).stream().anyMatch(b -> forgedHeader(b, genuine));
        issued.add(h.rekey());
        h.run(5_000);
        assertInstalledKeysAreIssued(issued, ctx.epochKeys);
        if (!(KNOWN_ISSUE_10 && forgedHeader)) {
            assertThat(ctx.lastKey()).as("the genuine rekey after the hostile bodies").isEqualTo(h.current);
        }
    }

    /**
     * Issue 10 (LkhHeaderBindingRegressionTest): the wraps do not bind the key message's header sequence and
     * epoch, so a body with genuine wraps under a forged header installs genuine keys under forged versions
     * or epoch, and the client then ignores the genuine next rekey. Until that is fixed this target checks
     * installed key bytes only and skips the liveness check after a key message whose (seq, epoch) the server
     * never sent; set to false with the fix.
     */
    static final boolean KNOWN_ISSUE_10 = true;

    /** @return true if b is a key message whose header (seq, epoch) is not one the server sent */
    private static boolean forgedHeader(byte[] b, List<byte[]> genuine) {
        if (b.length < 20 || (b[0] & 0xff) < LkhCodec.REKEY || (b[0] & 0xff) > LkhCodec.WELCOME) {
            return false;
        }
        long[] se = LkhCodec.peekSeqEpoch(b);
        return genuine.stream().filter(g -> g.length >= 20 && (g[0] & 0xff) >= LkhCodec.REKEY)
                .noneMatch(g -> Arrays.equals(LkhCodec.peekSeqEpoch(g), se));
    }

    private static void assertInstalledKeysAreIssued(List<EpochKey> issued, List<EpochKey> installed) {
        for (EpochKey k : installed) {
            if (KNOWN_ISSUE_10) {
                assertThat(issued).as("key bytes installed as epoch " + k.epoch())
                        .anySatisfy(i -> assertThat(i.key()).isEqualTo(k.key()));
            } else {
                assertThat(issued).contains(k);
            }
        }
    }
}
