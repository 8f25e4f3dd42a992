package org.miked.dispatcher.real.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;

class PeerTableTest {
    private static final GroupId G = GroupId.of("g");
    private static final GroupId H = GroupId.of("h");

    @Test
    void pinnedSendersAreNeverRedirectedByLearning() {
        PeerTable t = new PeerTable(10);
        InetSocketAddress pinned = new InetSocketAddress("192.0.2.1", 5000);
        t.pin(G, MemberId.of("s01"), pinned);
        assertThat(t.learn(G, MemberId.of("s01"), new InetSocketAddress("198.51.100.66", 5000))).isFalse();
        assertThat(t.lookup(G, MemberId.of("s01"))).isEqualTo(pinned);
    }

    @Test
    void learnsNewestSourcePerGroup() {
        PeerTable t = new PeerTable(10);
        MemberId r = MemberId.of("r00001");
        assertThat(t.lookup(G, r)).isNull();
        assertThat(t.learn(G, r, new InetSocketAddress("192.0.2.9", 5000))).isTrue();
        assertThat(t.learn(G, r, new InetSocketAddress("192.0.2.9", 5000))).isFalse();
        assertThat(t.learn(G, r, new InetSocketAddress("192.0.2.10", 5000))).isTrue();
        assertThat(t.lookup(G, r)).isEqualTo(new InetSocketAddress("192.0.2.10", 5000));
        assertThat(t.lookup(H, r)).isNull();
        t.forget(G);
        assertThat(t.lookup(G, r)).isNull();
    }

    @Test
    void learnedEntriesAreBoundedLeastRecentlyUsedFirst() {
        PeerTable t = new PeerTable(3);
        for (int i = 1; i <= 3; i++) {
            t.learn(G, MemberId.of("r" + i), new InetSocketAddress("192.0.2." + i, 5000));
        }
        t.lookup(G, MemberId.of("r1")); // r1 used: r2 is now the eldest
        t.learn(G, MemberId.of("r4"), new InetSocketAddress("192.0.2.4", 5000));
        assertThat(t.learnedCount()).isEqualTo(3);
        assertThat(t.lookup(G, MemberId.of("r2"))).isNull();
        assertThat(t.lookup(G, MemberId.of("r1"))).isNotNull();
    }

    @Test
    void aContactAnswersItsClaimedSenderAtItsSourceOnlyAndNeverAPinnedSender() {
        PeerTable t = new PeerTable(10);
        MemberId r = MemberId.of("r00001");
        InetSocketAddress learned = new InetSocketAddress("192.0.2.9", 5000);
        InetSocketAddress now = new InetSocketAddress("192.0.2.77", 5000);
        t.learn(G, r, learned);
        PeerTable.Contact c = new PeerTable.Contact(G, r, now);
        assertThat(t.lookup(G, r, c)).as("an answer goes where the datagram came from").isEqualTo(now);
        assertThat(t.lookup(G, MemberId.of("r00002"), c)).as("another member").isNull();
        assertThat(t.lookup(H, r, c)).as("another group").isNull();
        assertThat(t.lookup(G, r)).as("nothing of the contact stays").isEqualTo(learned);
        InetSocketAddress pinned = new InetSocketAddress("192.0.2.1", 5000);
        t.pin(G, MemberId.of("s01"), pinned);
        assertThat(t.lookup(G, MemberId.of("s01"), new PeerTable.Contact(G, MemberId.of("s01"), now))).isEqualTo(pinned);
    }
}
