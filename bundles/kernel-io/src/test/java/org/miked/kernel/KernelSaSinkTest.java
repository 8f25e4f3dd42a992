package org.miked.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.miked.api.runtime.StateStore;
import org.miked.common.state.MemoryStateStore;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaEventListener;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;

/** The kernel sinks' shared bookkeeping, in a sink whose kernel requests are recorded and refused on request. */
class KernelSaSinkTest {
    /** Records "addSa 1001" etc. in {@link #calls}; refuses the calls named in {@link #refuse}. */
    static class Recorder extends KernelSaSink {
        final List<String> calls;
        final Set<String> refuse;
        int released;

        /** What examineSa answers per SPI (absent: OURS); examinePolicy answers {@link #policies}. */
        final java.util.Map<Integer, Found> examined = new java.util.HashMap<>();
        Found policies = Found.OURS;

        Recorder(List<String> calls, Set<String> refuse, SaEventListener listener, Set<SaCapability> caps) {
            super("test", listener, caps);
            this.calls = calls;
            this.refuse = refuse;
        }

        Recorder(List<String> calls, Set<String> refuse, Set<SaCapability> caps, StateStore store) {
            super("test", (id, hard) -> { }, caps, store);
            this.calls = calls;
            this.refuse = refuse;
        }

        @Override
        protected Found examineSa(Msa remnant) throws SaException {
            call("examineSa", remnant);
            return examined.getOrDefault(remnant.id().spi(), Found.OURS);
        }

        @Override
        protected Found examinePolicy(Msa remnant) throws SaException {
            call("examinePolicy", remnant);
            return policies;
        }

        private void call(String what, Msa m) throws SaException {
            String c = what + " " + Integer.toHexString(m.id().spi());
            calls.add(c);
            if (refuse.contains(c) || refuse.contains(what)) {
                throw new SaException(c + " refused");
            }
        }

        @Override
        protected void addSa(Msa msa) throws SaException {
            call("addSa", msa);
        }

        @Override
        protected void addPolicy(Msa msa) throws SaException {
            call("addPolicy", msa);
        }

        @Override
        protected void deleteSa(Msa msa) throws SaException {
            call("deleteSa", msa);
        }

        @Override
        protected void deletePolicy(Msa msa) throws SaException {
            call("deletePolicy", msa);
        }

        @Override
        protected void release() {
            released++;
        }
    }

    static final EnumSet<SaCapability> ALL = EnumSet.of(SaCapability.ESP, SaCapability.IPV4, SaCapability.IPV6,
            SaCapability.POLICIES, SaCapability.EXPIRE_EVENTS, SaCapability.KERNEL);

    final List<String> events = new ArrayList<>();
    final Recorder k = new Recorder(new ArrayList<>(), new HashSet<>(), (id, hard) -> events.add(id + (hard ? " hard"
            : " soft")), ALL);
    final Recorder ledger = k;

    static Msa msa(int spi, String source, String group, Direction dir, IpsecProtocol p) {
        return new Msa(new SaId(spi, group, p), GroupId.of("g"), MemberId.of("s01"), 1, source, 0, 5004, "cbc(aes)",
                new byte[16], "hmac(sha256)", new byte[32], 128, "none", 32, 10, 20, dir);
    }

    static Msa v4(int spi, String source) {
        return msa(spi, source, "239.1.1.1", Direction.INBOUND, IpsecProtocol.ESP);
    }

    @Test
    void oneSharedPolicyPerSenderThatGoesWithItsLastSa() throws Exception {
        ledger.install(v4(0x1001, "10.0.0.1"));
        ledger.install(v4(0x1002, "10.0.0.1")); // rekey: same sender, same policy
        ledger.install(v4(0x1003, "10.0.0.2")); // another sender: its own policy
        ledger.install(msa(0x1004, "10.0.0.1", "239.1.1.1", Direction.OUTBOUND, IpsecProtocol.ESP)); // other direction
        assertThat(k.calls).containsExactly("addSa 1001", "addPolicy 1001", "addSa 1002", "addSa 1003",
                "addPolicy 1003", "addSa 1004", "addPolicy 1004");
        k.calls.clear();
        ledger.delete(v4(0x1001, "10.0.0.1").id());
        ledger.delete(v4(0x1001, "10.0.0.1").id()); // absent: nothing asked
        ledger.delete(v4(0x1002, "10.0.0.1").id());
        assertThat(k.calls).containsExactly("deleteSa 1001", "deleteSa 1002", "deletePolicy 1002");
        assertThat(ledger.list()).extracting(m -> m.id().spi()).containsExactly(0x1003, 0x1004);
    }

    @Test
    void aRefusedInstallLeavesNothingInstalled() throws Exception {
        k.refuse.add("addSa 2001");
        assertThatThrownBy(() -> ledger.install(v4(0x2001, "10.0.0.1"))).hasMessageContaining("addSa 2001 refused");
        k.refuse.add("addPolicy 2002");
        assertThatThrownBy(() -> ledger.install(v4(0x2002, "10.0.0.1"))).hasMessageContaining("addPolicy 2002 refused");
        assertThat(k.calls).containsExactly("addSa 2001", "addSa 2002", "addPolicy 2002", "deleteSa 2002");
        assertThat(ledger.list()).isEmpty();
        // the refused policy was not counted: the next SA of that sender asks for it again
        k.refuse.clear();
        ledger.install(v4(0x2003, "10.0.0.1"));
        assertThat(k.calls.subList(4, 6)).containsExactly("addSa 2003", "addPolicy 2003");
    }

    @Test
    void aFailedRollbackIsAttachedToTheRefusal() {
        k.refuse.add("addPolicy");
        k.refuse.add("deleteSa");
        assertThatThrownBy(() -> ledger.install(v4(0x2101, "10.0.0.1"))).hasMessageContaining("addPolicy 2101")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage)
                        .isEqualTo("deleteSa 2101 refused"));
        assertThat(ledger.list()).isEmpty();
    }

    @Test
    void aRefusedDeleteKeepsTheSaARefusedPolicyDeleteDoesNot() throws Exception {
        Msa m = v4(0x3001, "10.0.0.1");
        ledger.install(m);
        k.refuse.add("deleteSa 3001");
        assertThatThrownBy(() -> ledger.delete(m.id())).hasMessageContaining("deleteSa 3001 refused");
        assertThat(ledger.list()).containsExactly(m);
        k.refuse.clear();
        k.refuse.add("deletePolicy 3001");
        assertThatThrownBy(() -> ledger.delete(m.id())).hasMessageContaining("deletePolicy 3001 refused");
        assertThat(ledger.list()).isEmpty();
    }

    @Test
    void whatTheCapabilitiesLackIsRefusedBeforeTheKernelIsAsked() throws Exception {
        Recorder v4only = new Recorder(k.calls, k.refuse, (id, hard) -> { }, EnumSet.of(SaCapability.ESP,
                SaCapability.IPV4));
        assertThatThrownBy(() -> v4only.install(msa(0x4001, "fd00::1", "ff3e::1", Direction.INBOUND, IpsecProtocol.ESP)))
                .hasMessageContaining("no ESP for IPv6 (module esp6)").hasMessageContaining("test sink's probe");
        assertThatThrownBy(() -> v4only.install(msa(0x4002, "10.0.0.1", "239.1.1.1", Direction.INBOUND,
                IpsecProtocol.AH_ESP))).hasMessageContaining("installs ESP only");
        Recorder v6only = new Recorder(k.calls, k.refuse, (id, hard) -> { }, EnumSet.of(SaCapability.ESP,
                SaCapability.IPV6));
        assertThatThrownBy(() -> v6only.install(v4(0x4003, "10.0.0.1"))).hasMessageContaining("IPv4 (module esp4)");
        assertThatThrownBy(() -> v4only.install(v4(0x4004, "fd00::1"))).hasMessageContaining("different address families");
        assertThatThrownBy(() -> v4only.install(v4(0x4005, "host.example"))).hasMessageContaining(
                "0x00004005/ESP: source 'host.example' is not an IPv4 or IPv6 address literal: ");
        assertThat(k.calls).isEmpty();
        ledger.install(v4(0x4006, "10.0.0.1"));
        assertThat(k.calls).containsExactly("addSa 4006", "addPolicy 4006");
        assertThatThrownBy(() -> ledger.install(v4(0x4006, "10.0.0.2"))).hasMessageContaining("already installed");
    }

    @Test
    void expiriesOfOurSasOnlyAndHardOnesForgetTheSaAndItsPolicy() throws Exception {
        Msa a = v4(0x5001, "10.0.0.1");
        Msa b = msa(0x5002, "fd00::1", "ff3e::4d:1", Direction.INBOUND, IpsecProtocol.ESP);
        ledger.install(a);
        ledger.install(b);
        byte[] group4 = {(byte) 239, 1, 1, 1};
        byte[] padded = new byte[16];
        System.arraycopy(group4, 0, padded, 0, 4);
        assertThat(ledger.expired(0x5001, group4, false)).isEqualTo(a.id());
        assertThat(ledger.expired(0x5001, new byte[] {(byte) 239, 1, 1, 2}, true)).isNull(); // other group
        assertThat(ledger.expired(0x9999, group4, true)).isNull(); // other SPI
        assertThat(ledger.expired(0x5002, group4, true)).as("an IPv6 SA never matches 4 bytes").isNull();
        assertThat(ledger.expired(0x5001, padded, true)).as("xfrm_address_t pads IPv4 to 16").isEqualTo(a.id());
        assertThat(events).containsExactly(a.id() + " soft", a.id() + " hard");
        assertThat(ledger.list()).containsExactly(b);
        assertThat(k.calls).last().isEqualTo("deletePolicy 5001");
    }

    @Test
    void closeDeletesEverythingDespiteFailuresReleasesOnceAndRefusesLaterCalls() throws Exception {
        ledger.install(v4(0x6001, "10.0.0.1"));
        ledger.install(v4(0x6002, "10.0.0.2"));
        k.refuse.add("deleteSa 6001");
        k.calls.clear();
        ledger.close();
        ledger.close();
        assertThat(k.calls).containsExactly("deleteSa 6001", "deleteSa 6002", "deletePolicy 6002");
        assertThat(k.released).isEqualTo(1);
        assertThatThrownBy(() -> ledger.install(v4(0x6003, "10.0.0.1"))).hasMessageContaining("test SA sink is closed");
        assertThatThrownBy(() -> ledger.delete(v4(0x6002, "10.0.0.2").id())).hasMessageContaining("closed");
    }

    // ------------------------------------------------------------------ the stored ledger and the sweep (issue 11)

    /** A store that counts writes and can be made to fail or not to be durable. */
    static final class CountingStore implements StateStore {
        final MemoryStateStore inner = new MemoryStateStore();
        final boolean durable;
        int puts;
        boolean fail;

        CountingStore(boolean durable) {
            this.durable = durable;
        }

        @Override
        public byte[] get(String name) {
            return inner.get(name);
        }

        @Override
        public void put(String name, byte[] value) throws java.io.IOException {
            puts++;
            if (fail) {
                throw new java.io.IOException("disk full");
            }
            inner.put(name, value);
        }

        @Override
        public boolean durable() {
            return durable;
        }

        String ledger() {
            byte[] b = inner.get("sa-ledger.test");
            return b == null ? null : new String(b, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    static Msa in(int spi, String source, String group) {
        return new Msa(new SaId(spi, "239.1.1.1", IpsecProtocol.ESP), GroupId.of(group), MemberId.of("s02"), 7, source,
                0, 5004, "cbc(aes)", new byte[16], "hmac(sha256)", new byte[32], 128, "none", 32, 10, 20,
                Direction.INBOUND);
    }

    @Test
    void theStoredLedgerIsWrittenBeforeTheKernelIsAskedAndEmptyAfterAClose() throws Exception {
        CountingStore store = new CountingStore(true);
        List<String> seenAtAdd = new ArrayList<>();
        Recorder s = new Recorder(new ArrayList<>(), new HashSet<>(), ALL, store) {
            @Override
            protected void addSa(Msa msa) throws SaException {
                seenAtAdd.add(store.ledger());
                super.addSa(msa);
            }
        };
        s.install(in(0x7001, "10.0.0.1", "g"));
        assertThat(seenAtAdd).singleElement().asString().contains("sa g s02 7 IN 0x00007001 239.1.1.1 ESP 10.0.0.1 0 5004");
        s.installAll(List.of(in(0x7002, "10.0.0.1", "g"), in(0x7003, "10.0.0.2", "g")));
        assertThat(store.puts).as("one write per install call, not per MSA").isEqualTo(2);
        assertThat(store.ledger()).contains("0x00007001", "0x00007002", "0x00007003").doesNotContain("key");
        s.deleteAll(List.of(in(0x7001, "10.0.0.1", "g"), in(0x7002, "10.0.0.1", "g")));
        assertThat(store.puts).isEqualTo(3);
        assertThat(store.ledger()).doesNotContain("0x00007001").contains("0x00007003");
        s.close();
        assertThat(store.ledger()).as("a clean close leaves nothing to sweep").isNull();
    }

    @Test
    void aRefusedInstallIsDroppedFromTheStoredLedgerAndAFailingStoreDoesNotStopTheSink() throws Exception {
        CountingStore store = new CountingStore(true);
        Recorder s = new Recorder(new ArrayList<>(), new HashSet<>(Set.of("addSa 7102")), ALL, store);
        assertThatThrownBy(() -> s.installAll(List.of(in(0x7101, "10.0.0.1", "g"), in(0x7102, "10.0.0.1", "g"))))
                .hasMessageContaining("addSa 7102 refused");
        assertThat(store.ledger()).isNull();
        store.fail = true;
        s.install(in(0x7103, "10.0.0.1", "g"));
        assertThat(s.list()).extracting(m -> m.id().spi()).containsExactly(0x7103);
    }

    @Test
    void aHostWithoutADurableStoreNeverWritesIt() throws Exception {
        CountingStore store = new CountingStore(false);
        Recorder s = new Recorder(new ArrayList<>(), new HashSet<>(), ALL, store);
        s.install(in(0x7201, "10.0.0.1", "g"));
        s.delete(in(0x7201, "10.0.0.1", "g").id());
        assertThat(s.sweepLeftovers()).isEmpty();
        s.close();
        assertThat(store.puts).isZero();
    }

    @Test
    void aRestartedSinkRemovesWhatItsKilledIncarnationLeftAndLogsOneLinePerGroup() throws Exception {
        CountingStore store = new CountingStore(true);
        Recorder killed = new Recorder(new ArrayList<>(), new HashSet<>(), ALL, store);
        killed.installAll(List.of(in(0x8001, "10.0.0.1", "alpha"), in(0x8002, "10.0.0.2", "alpha")));
        killed.install(in(0x8003, "10.0.0.1", "beta"));
        killed.install(in(0x8004, "10.0.0.1", "beta")); // same policy key as 8003 (and as 8001: same selector)
        // SIGKILL: no close. The next incarnation opens on the same store.
        List<String> calls = new ArrayList<>();
        Recorder next = new Recorder(calls, new HashSet<>(), ALL, store);
        next.examined.put(0x8004, Recorder.Found.ABSENT); // hard-expired meanwhile
        List<String> lines = next.sweepLeftovers();
        assertThat(calls).containsExactly("examineSa 8001", "deleteSa 8001", "examineSa 8002", "deleteSa 8002",
                "examineSa 8003", "deleteSa 8003", "examineSa 8004", "examinePolicy 8001", "deletePolicy 8001",
                "examinePolicy 8002", "deletePolicy 8002");
        assertThat(lines).containsExactly(
                "test sink: group alpha: removed 2 SAs and 2 policies left by a killed incarnation",
                "test sink: group beta: removed 1 SA and 0 policies left by a killed incarnation; 1 already gone");
        assertThat(store.ledger()).isNull();
        assertThat(next.sweepLeftovers()).as("once").isEmpty();
        assertThat(next.list()).as("leftovers are never this incarnation's SAs").isEmpty();
        next.install(in(0x8005, "10.0.0.1", "alpha"));
        assertThat(calls).endsWith("addSa 8005", "addPolicy 8005");
    }

    @Test
    void aForeignSaAtTheRecordedPlaceAndItsPolicyAreNeverTouched() throws Exception {
        CountingStore store = new CountingStore(true);
        Recorder killed = new Recorder(new ArrayList<>(), new HashSet<>(), ALL, store);
        killed.installAll(List.of(in(0x8101, "10.0.0.1", "g"), in(0x8102, "10.0.0.2", "g")));
        List<String> calls = new ArrayList<>();
        Recorder next = new Recorder(calls, new HashSet<>(), ALL, store);
        // after our SA expired, another daemon (or `ip xfrm`) put its own SA at the same SPI and destination
        next.examined.put(0x8101, Recorder.Found.foreign("its source is not 10.0.0.1"));
        List<String> lines = next.sweepLeftovers();
        assertThat(calls).containsExactly("examineSa 8101", "examineSa 8102", "deleteSa 8102", "examinePolicy 8102",
                "deletePolicy 8102");
        assertThat(lines).singleElement().asString().isEqualTo("test sink: group g: removed 1 SA and 1 policy left by a"
                + " killed incarnation; left 1 that are no longer ours: SA 0x00008101 (its source is not 10.0.0.1)");
        assertThat(store.ledger()).as("a foreign SA is not ours to retry").isNull();
    }

    @Test
    void aForeignPolicyStays() throws Exception {
        CountingStore store = new CountingStore(true);
        new Recorder(new ArrayList<>(), new HashSet<>(), ALL, store).install(in(0x8201, "10.0.0.1", "g"));
        List<String> calls = new ArrayList<>();
        Recorder next = new Recorder(calls, new HashSet<>(), ALL, store);
        next.policies = Recorder.Found.foreign("reqid 0x00000001, not ours");
        assertThat(next.sweepLeftovers()).singleElement().asString().contains("removed 1 SA and 0 policies")
                .contains("left 1 that are no longer ours: policy INBOUND 10.0.0.1 -> 239.1.1.1 (reqid 0x00000001, not ours)");
        assertThat(calls).doesNotContain("deletePolicy 8201");
    }

    @Test
    void whatTheSweepCouldNotRemoveIsNamedKeptAndRetriedAtTheNextStart() throws Exception {
        CountingStore store = new CountingStore(true);
        new Recorder(new ArrayList<>(), new HashSet<>(), ALL, store).installAll(List.of(in(0x8301, "10.0.0.1", "g"),
                in(0x8302, "10.0.0.2", "g")));
        List<String> calls = new ArrayList<>();
        Recorder second = new Recorder(calls, new HashSet<>(Set.of("deleteSa 8301")), ALL, store);
        assertThat(second.sweepLeftovers()).singleElement().asString().isEqualTo("test sink: group g: removed 1 SA and 2"
                + " policies left by a killed incarnation; could not remove 1 (kept in the ledger for the next start): SA "
                + "0x00008301: deleteSa 8301 refused");
        second.install(in(0x8303, "10.0.0.3", "g")); // the daemon starts all the same
        assertThat(store.ledger()).contains("0x00008301", "0x00008303").doesNotContain("0x00008302");
        // killed again; the third incarnation removes the stray (and the second's SA)
        List<String> third = new ArrayList<>();
        assertThat(new Recorder(third, new HashSet<>(), ALL, store).sweepLeftovers()).singleElement().asString()
                .startsWith("test sink: group g: removed 2 SAs and 2 policies");
        assertThat(third).contains("deleteSa 8301", "deleteSa 8303");
        assertThat(store.ledger()).isNull();
    }

    @Test
    void aCorruptStoredLedgerRemovesNothingAndIsReportedByName() throws Exception {
        CountingStore store = new CountingStore(true);
        store.inner.put("sa-ledger.test", "miked-sa-ledger 1\nsa g s02 7 IN 0x00008401 239.1.1.1 ESP 10.0.0.1 0 50"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // truncated mid-line
        List<String> calls = new ArrayList<>();
        Recorder next = new Recorder(calls, new HashSet<>(), ALL, store);
        assertThat(next.sweepLeftovers()).singleElement().asString().contains("state record sa-ledger.test")
                .contains("truncated").contains("removed nothing").contains("sa-ledger.test.corrupt");
        assertThat(calls).isEmpty();
        assertThat(store.inner.get("sa-ledger.test.corrupt")).isNotNull();
        next.install(in(0x8402, "10.0.0.1", "g"));
        assertThat(store.ledger()).startsWith("miked-sa-ledger 1\n").contains("0x00008402");
    }

    @Test
    void theLedgerRecordRoundTripsAndRejectsWhatIsNotOne() {
        List<SaLedgerRecord.Entry> e = List.of(SaLedgerRecord.Entry.of(in(0x8501, "10.0.0.1", "g")),
                SaLedgerRecord.Entry.of(msa(0xfffffff0, "fd00::1", "ff3e::4d:1", Direction.OUTBOUND, IpsecProtocol.ESP)));
        assertThat(SaLedgerRecord.decode(SaLedgerRecord.encode(e))).isEqualTo(e);
        assertThat(SaLedgerRecord.decode(SaLedgerRecord.encode(List.of()))).isEmpty();
        for (String[] bad : new String[][] {
                {"miked-sa-ledger 2\n", "line 1"},
                {"miked-sa-ledger 1\nsa g s02 7 UP 0x00000101 239.1.1.1 ESP 10.0.0.1 0 0\n", "line 2: direction 'UP'"},
                {"miked-sa-ledger 1\nsa g s02 7 IN 257 239.1.1.1 ESP 10.0.0.1 0 0\n", "SPI '257'"},
                {"miked-sa-ledger 1\nsa g s02 7 IN 0x00000101 host.example ESP 10.0.0.1 0 0\n", "line 2"},
                {"miked-sa-ledger 1\nsa g s02 7 IN 0x00000101 239.1.1.1 ESP 10.0.0.1 0 70000\n", "port 70000"},
                {"miked-sa-ledger 1\nsa g s02 7 IN 0x00000001 239.1.1.1 ESP 10.0.0.1 0 0\n", "reserved"},
                {"miked-sa-ledger 1\nsa g s02 7 IN\n", "10 fields"}}) {
            assertThatThrownBy(() -> SaLedgerRecord.decode(bad[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                    .as(bad[0]).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad[1]);
        }
    }
}
