package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.protocol.EpochKey;
import org.miked.common.crypto.Randoms;
import org.miked.api.runtime.RandomSource;
import org.miked.testkit.TestContext;
import org.miked.testkit.TestNetwork;
import org.miked.testkit.TestPolicies;

/**
 * Issue 11, the backup side of key-server failover on one LKH server (s02, backing up s01's receivers), with this
 * test playing the GMF: no backup receiver is served while every sender is in the agreement; once s01 is out, the
 * listed ones are (registered, or EMCON from their provisioning), unlisted and revoked ones are refused; when s01
 * is back the EMCON ones are released and the registered ones stay.
 */
class BackupServiceTest {
    private static final MemberId S1 = TestPolicies.senderId(1);
    private static final MemberId S2 = TestPolicies.senderId(2);
    private static final MemberId PLAIN = TestPolicies.receiverId(1); // s01's, backed up by s02
    private static final MemberId EMCON = TestPolicies.receiverId(2); // s01's, EMCON, backed up by s02
    private static final MemberId OWN = TestPolicies.receiverId(3); // s02's own
    private static final MemberId UNLISTED = TestPolicies.receiverId(4); // s01's, no backup
    private static final MemberId REVOKED = TestPolicies.receiverId(5); // s01's, EMCON, backed up, evicted
    private static final MemberId LATE = TestPolicies.receiverId(6); // s01's, backed up, registers after s01 is back

    private final TestNetwork net = new TestNetwork(5);
    private final TestPolicies policies = new TestPolicies("g", 2, 5);
    private final RandomSource keys = Randoms.deterministic(5, "epoch keys");
    private TestContext sctx;
    private LkhServer server;
    private long epoch;

    private void setUp() {
        for (MemberId r : List.of(PLAIN, EMCON, OWN, UNLISTED, REVOKED, LATE)) {
            policies.key(r);
        }
        policies.individualKey(EMCON);
        policies.individualKey(REVOKED);
        policies.failover(PLAIN, S1, List.of(S2)).failover(EMCON, S1, List.of(S2)).failover(OWN, S2, List.of(S1))
                .failover(UNLISTED, S1, List.of()).failover(REVOKED, S1, List.of(S2)).failover(LATE, S1, List.of(S2));
        sctx = new TestContext(policies.sender(S2), net.runtime(S2), net);
        server = new LkhServer(sctx);
        net.attach(S2, Role.SENDER, server::onMessage);
    }

    /** A receiver whose GMF moved it to s02 (its policy as its client sees it: s02 as key server). */
    private TestContext client(MemberId r, boolean emcon) {
        TestContext c = new TestContext(policies.receiver(r, S1, emcon).withKeyServer(S2), net.runtime(r), net);
        LkhClient client = new LkhClient(c);
        net.attach(r, Role.RECEIVER, client::onMessage);
        client.start();
        return c;
    }

    private EpochKey rekey() {
        EpochKey k = new EpochKey(++epoch, keys.bytes(32));
        server.rekey(k);
        return k;
    }

    private void run(long ms) {
        net.time().runUntil(net.time().millis() + ms);
    }

    @Test
    void servesListedReceiversOnlyWhileTheirServerIsOutOfTheAgreement() {
        setUp();
        server.sendersAgreed(Set.of(S1, S2));
        rekey();
        assertThat(server.members()).as("EMCON backup receivers are not in the tree while s01 is alive").isEmpty();
        TestContext plain = client(PLAIN, false);
        run(3_000);
        assertThat(plain.refusals).as("s01 is alive: refused").isNotEmpty();
        assertThat(plain.refusals.get(0)).contains("only while s01 is out of the agreement");
        assertThat(sctx.counter("lkh.backup.refused")).isPositive();
        rekey();
        assertThat(server.members()).doesNotContain(PLAIN);

        // s01 evicted REVOKED (group-wide: every sender's server gets the eviction), then s01 dies
        server.evict(REVOKED);
        server.sendersAgreed(Set.of(S2));
        EpochKey k = rekey();
        assertThat(server.members()).as("the EMCON backup receiver from its provisioning").contains(EMCON)
                .doesNotContain(REVOKED);
        TestContext emcon = client(EMCON, true);
        TestContext again = client(PLAIN, false); // the GMF opens a new client after the refusals
        TestContext unlisted = client(UNLISTED, false);
        TestContext revoked = client(REVOKED, false);
        run(5_000);
        EpochKey k2 = rekey();
        run(3_000);
        assertThat(server.members()).contains(PLAIN, EMCON).doesNotContain(UNLISTED, REVOKED);
        assertThat(again.lastKey()).isEqualTo(k2);
        assertThat(emcon.lastKey()).as("EMCON, keyed by the backup without transmitting").isEqualTo(k2);
        assertThat(emcon.sent).isZero();
        assertThat(unlisted.refusals).anyMatch(r -> r.contains("r00004 is neither served nor backed up by s02"));
        assertThat(revoked.refusals).anyMatch(r -> r.contains("evicted"));
        assertThat(unlisted.lastKey()).isNull();
        assertThat(revoked.lastKey()).isNull();
        assertThat(sctx.counter("lkh.backup.admitted")).isEqualTo(1);
        assertThat(k).isNotEqualTo(k2);

        // s01 is back: the EMCON receiver is released at this rekey, the registered one stays, no new ones
        server.sendersAgreed(Set.of(S1, S2));
        rekey();
        assertThat(server.members()).contains(PLAIN).doesNotContain(EMCON);
        assertThat(sctx.counter("lkh.backup.emcon-released")).isEqualTo(1);
        TestContext late = client(LATE, false);
        run(3_000);
        assertThat(late.refusals).isNotEmpty();
        rekey();
        assertThat(server.members()).doesNotContain(LATE);
    }
}
