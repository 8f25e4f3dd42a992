package org.miked.sink.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.api.sa.SaSink;
import org.miked.testkit.TestNetwork;
import org.junit.jupiter.api.Test;

class MemorySinkTest {
    static final GroupId G = GroupId.of("trial");
    static final MemberId S1 = MemberId.of("s01");

    final TestNetwork net = new TestNetwork(1);
    final List<String> events = new ArrayList<>();
    final SaSink sink = new MemorySinkFactory().open(net.runtime(MemberId.of("r00001")),
            (id, hard) -> events.add(net.time().millis() + " " + String.format("%x", id.spi()) + (hard ? " hard" : " soft")));

    static Msa gcm(int spi, int keyBytes, long soft, long hard) {
        return new Msa(new SaId(spi, "ff3e::4d:1", IpsecProtocol.ESP), G, S1, 1, "fd00::1", 0, 0, "rfc4106(gcm(aes))",
                new byte[keyBytes], "none", new byte[0], 128, "none", 64, soft, hard, Direction.INBOUND);
    }

    static Msa cbc(int spi, int encBytes, String integ, int intBytes, int icv) {
        return new Msa(new SaId(spi, "239.1.2.3", IpsecProtocol.ESP), G, S1, 1, "10.0.0.1", 0, 0, "cbc(aes)",
                new byte[encBytes], integ, new byte[intBytes], icv, "none", 64, 10, 20, Direction.OUTBOUND);
    }

    static Msa with(Msa m, String source, String destination, IpsecProtocol p) {
        return new Msa(new SaId(m.id().spi(), destination, p), m.group(), m.sender(), m.epoch(), source, 0, 0,
                m.encryption(), m.encryptionKey(), m.integrity(), m.integrityKey(), m.icvBits(),
                m.sourceAuthentication(), m.replayWindow(), m.softLifetimeS(), m.hardLifetimeS(), m.direction());
    }

    @Test
    void namesItselfAndReportsCapabilities() {
        assertThat(new MemorySinkFactory().name()).isEqualTo("memory");
        assertThat(sink.capabilities()).containsExactlyInAnyOrder(SaCapability.ESP, SaCapability.AH,
                SaCapability.IPV4, SaCapability.IPV6, SaCapability.EXPIRE_EVENTS);
    }

    @Test
    void installsListsAndDeletesById() throws SaException {
        Msa a = gcm(0x1001, 20, 10, 20);
        Msa b = gcm(0x1002, 36, 10, 20);
        sink.install(a);
        sink.install(b);
        assertThat(sink.list()).containsExactly(a, b);
        sink.delete(a.id());
        sink.delete(a.id()); // absent: not an error
        assertThat(sink.list()).containsExactly(b);
    }

    static Msa out(int spi, long epoch, long soft, long hard) {
        Msa m = cbc(spi, 16, "hmac(sha256)", 32, 128);
        return new Msa(m.id(), G, S1, epoch, m.source(), 0, 0, m.encryption(), m.encryptionKey(), m.integrity(),
                m.integrityKey(), m.icvBits(), m.sourceAuthentication(), m.replayWindow(), soft, hard, Direction.OUTBOUND);
    }

    /** Issue 12: Linux sends with the newest valid outbound SA of a policy, and prefers one not past its soft lifetime. */
    @Test
    void sendsWithTheNewestOutboundSaAsLinuxDoesAndPrefersOneNotDying() throws SaException {
        assertThat(sink.outboundFor("10.0.0.1", "239.1.2.3")).isEmpty();
        Msa e1 = out(0x2001, 1, 100, 200);
        Msa e2 = out(0x2002, 2, 5, 200);
        // an epoch's inbound MSAs in one batch, with an outbound one among them (the order kept: install order)
        Msa in = with(cbc(0x2003, 16, "hmac(sha256)", 32, 128), "10.0.0.2", "239.1.2.3", IpsecProtocol.ESP);
        sink.install(e1);
        assertThat(sink.outboundFor("10.0.0.1", "239.1.2.3")).contains(e1);
        sink.installAll(List.of(e2, new Msa(in.id(), G, MemberId.of("s02"), 2, in.source(), 0, 0, in.encryption(),
                in.encryptionKey(), in.integrity(), in.integrityKey(), in.icvBits(), "none", 64, 10, 20, Direction.INBOUND)));
        assertThat(sink.outboundFor("10.0.0.1", "239.1.2.3")).as("installed last: the kernel switches at once").contains(e2);
        assertThat(sink.outboundFor("10.0.0.1", "239.1.2.4")).isEmpty();
        assertThat(sink.outboundFor("10.0.0.2", "239.1.2.3")).as("inbound MSAs are never sent with").isEmpty();
        assertThat(sink.find(e1.id())).contains(e1);
        assertThat(sink.find(in.id())).isPresent();
        assertThat(sink.find(new SaId(0x2009, "239.1.2.3", IpsecProtocol.ESP))).isEmpty();
        net.time().runUntil(5_000); // e2's soft lifetime: dying, and the older e1 is not
        assertThat(sink.outboundFor("10.0.0.1", "239.1.2.3")).contains(e1);
        sink.delete(e1.id());
        assertThat(sink.outboundFor("10.0.0.1", "239.1.2.3")).as("a dying SA is still used when it is the only one")
                .contains(e2);
    }

    @Test
    void refusesDuplicates() throws SaException {
        sink.install(gcm(0x1001, 20, 10, 20));
        assertThatThrownBy(() -> sink.install(gcm(0x1001, 28, 10, 20))).isInstanceOf(SaException.class)
                .hasMessageContaining("ff3e::4d:1/0x00001001/ESP is already installed")
                .hasMessageContaining("delete it first");
        assertThat(sink.list()).hasSize(1);
    }

    @Test
    void checksKeySizesPerAlgorithm() throws SaException {
        for (int n : new int[] {20, 28, 36}) {
            sink.install(gcm(0x2000 + n, n, 10, 20));
        }
        assertThatThrownBy(() -> sink.install(gcm(0x3000, 16, 10, 20))).isInstanceOf(SaException.class)
                .hasMessageContaining("rfc4106(gcm(aes)) needs a key of 20/28/36 bytes (key + salt), got 16");
        for (int n : new int[] {16, 24, 32}) {
            sink.install(cbc(0x4000 + n, n, "hmac(sha256)", 32, 128));
        }
        assertThatThrownBy(() -> sink.install(cbc(0x5000, 20, "hmac(sha256)", 32, 128)))
                .hasMessageContaining("cbc(aes) needs a key of 16/24/32 bytes, got 20");
        assertThatThrownBy(() -> sink.install(cbc(0x5001, 16, "hmac(sha256)", 20, 128)))
                .hasMessageContaining("hmac(sha256) needs a key of 32 bytes, got 20");
        assertThatThrownBy(() -> sink.install(cbc(0x5002, 16, "hmac(sha256)", 32, 64)))
                .hasMessageContaining("hmac(sha256) ICV must be 96/128/256 bits, got 64");
        assertThatThrownBy(() -> sink.install(cbc(0x5003, 16, "none", 0, 128)))
                .hasMessageContaining("cbc(aes) without integrity is refused");
        assertThatThrownBy(() -> sink.install(cbc(0x5004, 16, "hmac(md4)", 16, 128)))
                .hasMessageContaining("unknown integrity algorithm 'hmac(md4)'");
        Msa gcmWithMac = new Msa(new SaId(0x5005, "ff3e::4d:1", IpsecProtocol.ESP), G, S1, 1, "fd00::1", 0, 0,
                "rfc4106(gcm(aes))", new byte[20], "hmac(sha256)", new byte[32], 128, "none", 64, 10, 20,
                Direction.INBOUND);
        assertThatThrownBy(() -> sink.install(gcmWithMac)).hasMessageContaining("is an AEAD: integrity must be 'none'");
        Msa des = new Msa(new SaId(0x5006, "ff3e::4d:1", IpsecProtocol.ESP), G, S1, 1, "fd00::1", 0, 0,
                "cbc(des)", new byte[8], "hmac(sha1)", new byte[20], 96, "none", 64, 10, 20, Direction.INBOUND);
        assertThatThrownBy(() -> sink.install(des)).hasMessageContaining("unknown encryption algorithm 'cbc(des)'");
        assertThat(sink.list()).hasSize(6);
    }

    @Test
    void checksAddressesAndProtocols() throws SaException {
        Msa ok = cbc(0x6000, 16, "hmac(sha256)", 32, 128);
        assertThatThrownBy(() -> sink.install(with(ok, "fd00::1", "239.1.2.3", IpsecProtocol.ESP)))
                .hasMessageContaining("different address families");
        assertThatThrownBy(() -> sink.install(with(ok, "s01", "239.1.2.3", IpsecProtocol.ESP)))
                .hasMessageContaining("source 's01' is not an IPv4 or IPv6 address literal");
        assertThatThrownBy(() -> sink.install(with(ok, "10.0.0.1", "ff3e::zz", IpsecProtocol.ESP)))
                .hasMessageContaining("destination 'ff3e::zz' is not");
        assertThatThrownBy(() -> sink.install(with(ok, "10.0.0.256", "239.1.2.3", IpsecProtocol.ESP)))
                .hasMessageContaining("source '10.0.0.256' is not an IPv4 or IPv6 address literal: ");
        assertThatThrownBy(() -> sink.install(with(ok, "10.0.0.1", "239.1.2.3.example", IpsecProtocol.ESP)))
                .as("never a name lookup").hasMessageContaining("destination '239.1.2.3.example' is not");
        assertThatThrownBy(() -> sink.install(with(gcm(0x6001, 20, 10, 20), "fd00::1", "ff3e::1", IpsecProtocol.AH_ESP)))
                .hasMessageContaining("AH+ESP needs an integrity algorithm");
        sink.install(with(ok, "10.0.0.1", "239.1.2.3", IpsecProtocol.AH_ESP));
        assertThat(sink.list()).hasSize(1);
        assertThatThrownBy(() -> sink.install(gcm(0x6002, 20, 30, 20))).hasMessageContaining("soft (30 s) <= hard (20 s)");
    }

    @Test
    void softThenHardExpiryOnTheHostClock() throws SaException {
        net.time().runUntil(500);
        sink.install(gcm(0x1001, 20, 10, 20));
        net.time().runUntil(10_499);
        assertThat(events).isEmpty();
        net.time().runUntil(10_500);
        assertThat(events).containsExactly("10500 1001 soft");
        assertThat(sink.list()).hasSize(1);
        net.time().runUntil(20_500);
        assertThat(events).containsExactly("10500 1001 soft", "20500 1001 hard");
        assertThat(sink.list()).isEmpty();
        assertThat(net.time().runUntilIdle(1_000_000)).isTrue();
        assertThat(events).hasSize(2);
    }

    @Test
    void equalSoftAndHardReportBothSoftFirst() throws SaException {
        sink.install(gcm(0x1001, 20, 5, 5));
        net.time().runUntilIdle(100_000);
        assertThat(events).containsExactly("5000 1001 soft", "5000 1001 hard");
    }

    @Test
    void deleteAndCloseCancelTimers() throws SaException {
        sink.install(gcm(0x1001, 20, 10, 20));
        sink.install(gcm(0x1002, 20, 10, 20));
        sink.delete(new SaId(0x1001, "ff3e::4d:1", IpsecProtocol.ESP));
        net.time().runUntil(15_000);
        assertThat(events).containsExactly("10000 1002 soft");
        sink.close();
        net.time().runUntilIdle(1_000_000);
        assertThat(events).containsExactly("10000 1002 soft");
        assertThat(sink.list()).isEmpty();
        assertThatThrownBy(() -> sink.install(gcm(0x1003, 20, 10, 20))).hasMessageContaining("closed");
    }

    @Test
    void zeroLifetimeMeansNone() throws SaException {
        sink.install(gcm(0x1001, 20, 0, 0));
        assertThat(net.time().runUntilIdle(1_000_000)).isTrue();
        assertThat(events).isEmpty();
        assertThat(sink.list()).hasSize(1);
    }

    @Test
    void eachHostHasItsOwnDatabase() throws SaException {
        SaSink other = new MemorySinkFactory().open(net.runtime(MemberId.of("r00002")), (id, hard) -> { });
        sink.install(gcm(0x1001, 20, 10, 20));
        other.install(gcm(0x1001, 20, 10, 20)); // same id at another host is fine
        other.delete(new SaId(0x1001, "ff3e::4d:1", IpsecProtocol.ESP));
        assertThat(sink.list()).hasSize(1);
        assertThat(other.list()).isEmpty();
    }

    /** A receiver's life: 25 MSAs per epoch, deleted an epoch later. The queue must not fill with dead timers. */
    @Test
    void epochAfterEpochOfInstallsAndDeletesLeavesOneTimer() throws SaException {
        TestNetwork n = new TestNetwork(3);
        SaSink s = new MemorySinkFactory().open(n.runtime(MemberId.of("r1")), (id, hard) -> { });
        for (int epoch = 0; epoch < 200; epoch++) {
            for (int i = 0; i < 25; i++) {
                s.install(gcm(0x20000 + epoch * 25 + i, 20, 3300, 3600));
            }
            if (epoch > 0) {
                for (int i = 0; i < 25; i++) {
                    s.delete(new SaId(0x20000 + (epoch - 1) * 25 + i, "ff3e::4d:1", IpsecProtocol.ESP));
                }
            }
            n.time().runUntil(n.time().millis() + 1_000);
        }
        assertThat(s.list()).hasSize(25);
        assertThat(n.time().pending()).as("events queued for 200 epochs of 25 SAs").isEqualTo(1);
    }

    @Test
    void tenThousandHostsWithTwentyFiveMsasStaySmall() throws SaException {
        // the same 25 MSA objects in every sink: this measures the sink's own overhead per SA
        List<Msa> msas = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            msas.add(gcm(0x10000 + i, 20, 3600, 3900));
        }
        TestNetwork big = new TestNetwork(2);
        MemorySinkFactory f = new MemorySinkFactory();
        long before = usedHeap();
        List<SaSink> sinks = new ArrayList<>();
        for (int h = 0; h < 10_000; h++) {
            SaSink s = f.open(big.runtime(MemberId.of("r" + h)), (id, hard) -> { });
            for (Msa m : msas) {
                s.install(m);
            }
            sinks.add(s);
        }
        long perSa = (usedHeap() - before) / 250_000;
        assertThat(big.time().pending()).isEqualTo(10_000); // one timer per sink, not per SA
        System.out.printf("memory sink: ~%d bytes retained per installed SA (sink, entry, timer; MSA shared)%n", perSa);
        assertThat(perSa).isLessThan(400);
        sinks.forEach(SaSink::close);
        assertThat(sinks.get(0).list()).isEmpty();
    }

    static List<Msa> epoch(int firstSpi, int n, long soft, long hard) {
        List<Msa> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(gcm(firstSpi + i, 20, soft, hard));
        }
        return List.copyOf(l);
    }

    @Test
    void installsAnEpochAsOneBatchAndDeletesItWithTheSameList() throws SaException {
        List<Msa> e1 = epoch(0x3000, 25, 10, 20);
        List<Msa> e2 = epoch(0x4000, 25, 10, 20);
        sink.install(gcm(0x1001, 20, 10, 20));
        sink.installAll(e1);
        sink.installAll(e2);
        assertThat(sink.list()).hasSize(51).containsAll(e1).containsAll(e2);
        sink.deleteAll(e1);
        assertThat(sink.list()).hasSize(26).doesNotContainAnyElementsOf(e1);
        sink.deleteAll(e1); // absent: not an error
        sink.deleteAll(new ArrayList<>(e2)); // another list object with the same MSAs: deleted one by one
        assertThat(sink.list()).containsExactly(gcm(0x1001, 20, 10, 20));
    }

    @Test
    void aBatchThatOverlapsWhatIsInstalledIsRefusedWholeNamingTheSa() throws SaException {
        List<Msa> e1 = epoch(0x3000, 25, 10, 20);
        sink.installAll(e1);
        List<Msa> clash = new ArrayList<>(epoch(0x5000, 24, 10, 20));
        clash.add(gcm(0x3011, 20, 10, 20)); // same SPI and destination as one of e1
        assertThatThrownBy(() -> sink.installAll(List.copyOf(clash))).isInstanceOf(SaException.class)
                .hasMessageContaining("ff3e::4d:1/0x00003011/ESP is already installed");
        assertThat(sink.list()).containsExactlyElementsOf(e1);
        // a single install of an id held in a batch is refused too
        assertThatThrownBy(() -> sink.install(gcm(0x3000, 20, 10, 20))).hasMessageContaining("already installed");
        // the same SPI to another destination is another SA
        sink.install(with(gcm(0x3000, 20, 10, 20), "fd00::1", "ff3e::4d:9", IpsecProtocol.ESP));
        sink.install(gcm(0x1001, 20, 10, 20));
        assertThatThrownBy(() -> sink.installAll(List.of(gcm(0x6000, 20, 10, 20), gcm(0x1001, 20, 10, 20))))
                .hasMessageContaining("0x00001001/ESP is already installed");
        assertThat(sink.list()).hasSize(27);
    }

    @Test
    void aBatchWithABadOrRepeatedMsaInstallsNothing() throws SaException {
        List<Msa> bad = new ArrayList<>(epoch(0x3000, 3, 10, 20));
        bad.add(gcm(0x3100, 21, 10, 20)); // 21 key bytes fit no GCM key size
        assertThatThrownBy(() -> sink.installAll(List.copyOf(bad))).isInstanceOf(SaException.class)
                .hasMessageContaining("0x00003100");
        List<Msa> twice = new ArrayList<>(epoch(0x3000, 3, 10, 20));
        twice.add(gcm(0x3001, 20, 10, 20));
        assertThatThrownBy(() -> sink.installAll(List.copyOf(twice))).hasMessageContaining("listed twice");
        assertThat(sink.list()).isEmpty();
        assertThat(net.time().pending()).isZero();
    }

    @Test
    void deletingOneMsaOfABatchKeepsTheOthersAndTheirLifetimes() throws SaException {
        List<Msa> e1 = epoch(0x3000, 3, 10, 20);
        sink.installAll(e1);
        net.time().runUntil(10_000);
        assertThat(events).containsExactly("10000 3000 soft", "10000 3001 soft", "10000 3002 soft");
        sink.delete(e1.get(1).id());
        assertThat(sink.list()).containsExactly(e1.get(0), e1.get(2));
        net.time().runUntilIdle(1_000_000);
        assertThat(events).containsExactly("10000 3000 soft", "10000 3001 soft", "10000 3002 soft",
                "20000 3000 hard", "20000 3002 hard");
        assertThat(sink.list()).isEmpty();
    }

    @Test
    void aBatchExpiresLikeSingleSas() throws SaException {
        net.time().runUntil(500);
        sink.installAll(epoch(0x3000, 2, 5, 5));
        sink.installAll(epoch(0x4000, 2, 0, 0));
        net.time().runUntilIdle(100_000);
        assertThat(events).containsExactly("5500 3000 soft", "5500 3000 hard", "5500 3001 soft", "5500 3001 hard");
        assertThat(sink.list()).containsExactlyElementsOf(epoch(0x4000, 2, 0, 0));
        sink.close();
        assertThat(sink.list()).isEmpty();
        assertThatThrownBy(() -> sink.installAll(epoch(0x5000, 2, 0, 0))).hasMessageContaining("closed");
    }

    /** The GMF's way: one shared list per epoch for every host, deleted with the same list an epoch later. */
    @Test
    void tenThousandHostsWithSharedEpochBatchesStaySmall() throws SaException {
        TestNetwork big = new TestNetwork(2);
        MemorySinkFactory f = new MemorySinkFactory();
        List<SaSink> sinks = new ArrayList<>();
        for (int h = 0; h < 10_000; h++) {
            sinks.add(f.open(big.runtime(MemberId.of("r" + h)), (id, hard) -> { }));
        }
        List<Msa> e1 = epoch(0x10000, 25, 3600, 3900);
        List<Msa> e2 = epoch(0x20000, 25, 3600, 3900);
        long before = usedHeap();
        for (SaSink s : sinks) {
            s.installAll(e1);
            s.installAll(e2);
        }
        long perHost = (usedHeap() - before) / 10_000;
        for (SaSink s : sinks) {
            s.deleteAll(e1);
        }
        System.out.printf("memory sink: ~%d bytes retained per host for two epochs of 25 shared MSAs%n", perHost);
        assertThat(perHost).isLessThan(25 * 2 * 40);
        assertThat(sinks.get(9_999).list()).containsExactlyElementsOf(e2);
        sinks.forEach(SaSink::close);
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
