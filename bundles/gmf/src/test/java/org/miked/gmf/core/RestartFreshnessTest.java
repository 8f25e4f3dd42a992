package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.gmf.GroupState;
import org.miked.sim.network.DeliveryObserver;
import org.miked.sim.network.LinkModel;
import org.miked.testkit.TestPolicies;

/**
 * Issue 10, finding 4: a restarted receiver must not accept old epochs. An attacker records the key server's
 * signed rekeys to an EMCON receiver; after several epochs the receiver restarts, and the attacker replays
 * the oldest ones. On the old code the restarted receiver entered that old epoch and installed its MSAs
 * (which departed members still hold); now the host's state store remembers the highest epoch it held, and
 * the GMF refuses anything older.
 */
class RestartFreshnessTest {
    static final MemberId S1 = TestPolicies.senderId(1);

    @Test
    void aRestartedEmconReceiverRefusesReplayedRekeysOfEpochsOlderThanItHeld() {
        GmfHarness h = new GmfHarness(1, 31, LinkModel.of(0, 5, 0));
        h.startSenders();
        List<MemberId> rs = h.startReceivers(4, 2); // r00002 and r00004 are EMCON
        MemberId victim = rs.get(1);
        List<byte[]> toVictim = new ArrayList<>();
        h.net.addObserver((DeliveryObserver) (at, from, to, g, data) -> {
            if (to.equals(victim) && from.equals(S1)) {
                toVictim.add(data.clone());
            }
        });
        h.net.runUntil(5_000);
        long oldEpoch = h.status(victim).epoch();
        assertThat(h.status(victim).state()).as(h.describe()).isEqualTo(GroupState.KEYED);
        int oldCount = toVictim.size();
        for (int i = 0; i < 3; i++) {
            h.host(S1).rekey(h.group);
            h.net.runUntil(h.net.now() + 3_000);
        }
        long held = h.status(victim).epoch();
        assertThat(held).isGreaterThan(oldEpoch);
        // the victim restarts (a new GMF on the same host id: what survives is the host's state store)
        var policy = h.policies.receiver(victim, S1, true);
        h.hosts.remove(victim).close();
        h.net.runUntil(h.net.now() + 100);
        h.host(victim).join(policy);
        // the attacker replays what the server sent before the victim's last epochs, before anything new
        MemberId spy = MemberId.of("spy");
        HostPort spyPort = h.net.attach(spy, (DatagramHandler) (from, payload) -> { });
        spyPort.openGroup(GroupChannel.of(h.policies.sender(S1)));
        for (byte[] old : toVictim.subList(0, oldCount)) {
            spyPort.send(Destination.unicast(GroupId.of("g"), victim), old);
        }
        h.net.runUntil(h.net.now() + 200);
        assertThat(h.status(victim).epoch()).as(h.describe()).isNotEqualTo(oldEpoch);
        assertThat(h.host(victim).msas(h.group)).noneMatch(m -> m.epoch() < held);
        assertThat(h.status(victim).counters().getOrDefault("epoch.older-than-held", 0L)).isPositive();
        // and it still gets the current keys from the carousel and the next rekey
        h.host(S1).rekey(h.group);
        h.net.runUntil(h.net.now() + 10_000);
        assertThat(h.commonKey(h.withSenders(rs))).as(h.describe()).isNotNull();
    }
}
