package org.miked.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;

/**
 * Issue 12: a key server's restart is hitless on the host's own data. A kernel modelled as Linux behaves
 * (tools/kernel-e2e/run-sa-choice.sh): an outbound packet goes out under the newest outbound SA of its pair if a
 * policy requires ESP, is dropped if the policy has no SA, and goes out in clear without a policy. The attacker is
 * an eavesdropper on the wire: after every kernel request from the SIGKILL on, the test asks what a packet of the
 * host's data to the group would be, and nothing may be in clear (nor dropped while an SA of ours exists).
 */
class KernelSaSinkIssue12Test {
    /** The SAD and SPD of one host's kernel, shared by the daemon's incarnations; the fate of s01's data after each request. */
    static final class Kernel {
        final Map<Integer, Msa> sad = new LinkedHashMap<>(); // by SPI, insertion order = age
        final Set<KernelSaSink.PolicyKey> spd = new HashSet<>();
        final List<String> fates = new ArrayList<>();

        /** What a datagram from 10.0.0.1 to 239.1.1.1:5004 is now: ESP under an SPI, DROPPED or CLEAR. */
        String fate() {
            if (!spd.contains(new KernelSaSink.PolicyKey(Direction.OUTBOUND, "10.0.0.1", "239.1.1.1", 0, 5004))) {
                return "CLEAR";
            }
            Msa newest = null;
            for (Msa m : sad.values()) {
                if (m.direction() == Direction.OUTBOUND && m.source().equals("10.0.0.1")
                        && m.id().destination().equals("239.1.1.1")) {
                    newest = m;
                }
            }
            return newest == null ? "DROPPED" : String.format("ESP 0x%x", newest.id().spi());
        }
    }

    /** One incarnation's sink on that kernel. */
    static final class Daemon extends KernelSaSinkTest.Recorder {
        final Kernel kernel;

        Daemon(Kernel kernel, KernelSaSinkTest.CountingStore store) {
            super(new ArrayList<>(), new HashSet<>(), KernelSaSinkTest.ALL, store);
            this.kernel = kernel;
        }

        private void after() {
            kernel.fates.add(kernel.fate());
        }

        @Override
        protected void addSa(Msa msa) throws SaException {
            super.addSa(msa);
            kernel.sad.put(msa.id().spi(), msa);
            after();
        }

        @Override
        protected void addPolicy(Msa msa) throws SaException {
            super.addPolicy(msa);
            kernel.spd.add(PolicyKey.of(msa)); // UPDPOLICY / SPDUPDATE: add or replace
            after();
        }

        @Override
        protected void deleteSa(Msa msa) throws SaException {
            super.deleteSa(msa);
            kernel.sad.remove(msa.id().spi());
            after();
        }

        @Override
        protected void deletePolicy(Msa msa) throws SaException {
            super.deletePolicy(msa);
            kernel.spd.remove(PolicyKey.of(msa));
            after();
        }

        @Override
        protected Found examineSa(Msa remnant) throws SaException {
            super.examineSa(remnant);
            return kernel.sad.containsKey(remnant.id().spi()) ? Found.OURS : Found.ABSENT;
        }

        @Override
        protected Found examinePolicy(Msa remnant) throws SaException {
            super.examinePolicy(remnant);
            return kernel.spd.contains(PolicyKey.of(remnant)) ? Found.OURS : Found.ABSENT;
        }
    }

    static Msa out(int spi, String group, String dst, long epoch) {
        return new Msa(new SaId(spi, dst, IpsecProtocol.ESP), GroupId.of(group), MemberId.of("s01"), epoch, "10.0.0.1",
                0, 5004, "cbc(aes)", new byte[16], "hmac(sha256)", new byte[32], 128, "none", 32, 10, 20,
                Direction.OUTBOUND);
    }

    static Msa in(int spi, String source) {
        return new Msa(new SaId(spi, "239.1.1.1", IpsecProtocol.ESP), GroupId.of("g"), MemberId.of("s02"), 1, source,
                0, 5004, "cbc(aes)", new byte[16], "hmac(sha256)", new byte[32], 128, "none", 32, 10, 20,
                Direction.INBOUND);
    }

    final Kernel kernel = new Kernel();
    final KernelSaSinkTest.CountingStore store = new KernelSaSinkTest.CountingStore(true);

    /** The first incarnation: epochs 1 and 2 sent, epoch 1 retired, another sender's inbound SA; then SIGKILL. */
    Daemon killedSender() throws SaException {
        Daemon first = new Daemon(kernel, store);
        first.install(out(0xa001, "g", "239.1.1.1", 1));
        first.install(in(0xb001, "10.0.0.2"));
        first.install(out(0xa002, "g", "239.1.1.1", 2));
        first.delete(out(0xa001, "g", "239.1.1.1", 1).id());
        assertThat(kernel.fate()).isEqualTo("ESP 0xa002");
        kernel.fates.clear(); // SIGKILL: no close
        return first;
    }

    @Test
    void aRestartedSenderKeepsSendingUnderItsKilledIncarnationsOutboundSaNeverInClearUntilItsOwnReplacesIt()
            throws Exception {
        killedSender();
        Daemon next = new Daemon(kernel, store);
        List<String> lines = next.sweepLeftovers();
        assertThat(kernel.fates).as("the host's data from the SIGKILL on, after each kernel request of the sweep")
                .containsOnly("ESP 0xa002");
        assertThat(kernel.sad).as("the other sender's inbound SA is removed, the outbound one kept")
                .containsOnlyKeys(0xa002);
        assertThat(lines).containsExactly("test sink: group g: removed 1 SA and 1 policy left by a killed incarnation; "
                + "kept 1 outbound SA (0x0000a002) and 1 policy until this incarnation's own outbound SA replaces them: "
                + "the host's data goes out under them meanwhile");
        assertThat(next.list()).as("a kept SA is not this incarnation's").isEmpty();
        assertThat(next.sendsUnderLeftover("10.0.0.1", "239.1.1.1")).as("the GMF must defer its first switch").isTrue();
        assertThat(next.sendsUnderLeftover("10.0.0.2", "239.1.1.1")).isFalse();
        assertThat(store.ledger()).as("kept SAs stay in the stored ledger").contains("0x0000a002");

        // this incarnation's first epoch: its outbound SA goes in, then the leftover goes (the policy stays)
        next.calls.clear();
        next.install(out(0xa101, "g", "239.1.1.1", 3));
        assertThat(next.calls).containsExactly("addSa a101", "addPolicy a101", "deleteSa a002");
        assertThat(kernel.fates).containsOnly("ESP 0xa002", "ESP 0xa101");
        assertThat(kernel.fates).last().isEqualTo("ESP 0xa101");
        assertThat(kernel.sad).containsOnlyKeys(0xa101);
        assertThat(next.sendsUnderLeftover("10.0.0.1", "239.1.1.1")).isFalse();
        assertThat(store.ledger()).contains("0x0000a101").doesNotContain("0x0000a002");
        next.close();
        assertThat(kernel.sad).isEmpty();
        assertThat(kernel.spd).isEmpty();
        assertThat(store.ledger()).isNull();
    }

    @Test
    void killedAgainBeforeItHadAnEpochTheNextIncarnationKeepsTheSameLeftover() throws Exception {
        killedSender();
        new Daemon(kernel, store).sweepLeftovers(); // second incarnation, killed before it keyed
        Daemon third = new Daemon(kernel, store);
        assertThat(third.sweepLeftovers()).singleElement().asString().contains("kept 1 outbound SA (0x0000a002)");
        assertThat(kernel.fates).containsOnly("ESP 0xa002");
    }

    @Test
    void aGroupThatStopsBeforeItsOwnEpochTakesItsLeftoversWithSweepLeftoversAndCloseTakesTheRest() throws Exception {
        Daemon first = new Daemon(kernel, store);
        first.install(out(0xc001, "g", "239.1.1.1", 1));
        first.install(out(0xc002, "h", "239.1.1.2", 1));
        Daemon next = new Daemon(kernel, store);
        next.sweepLeftovers();
        assertThat(kernel.sad).containsOnlyKeys(0xc001, 0xc002);
        next.calls.clear();
        next.sweepLeftovers(GroupId.of("g"));
        assertThat(next.calls).containsExactly("deleteSa c001", "deletePolicy c001");
        next.sweepLeftovers(GroupId.of("g")); // nothing left of g
        assertThat(next.calls).hasSize(2);
        assertThat(store.ledger()).doesNotContain("0x0000c001").contains("0x0000c002");
        next.close();
        assertThat(next.calls).endsWith("deleteSa c002", "deletePolicy c002");
        assertThat(kernel.sad).isEmpty();
        assertThat(kernel.spd).isEmpty();
        assertThat(store.ledger()).isNull();
        assertThatThrownBy(() -> next.sweepLeftovers(GroupId.of("h"))).hasMessageContaining("closed");
    }

    @Test
    void aLeftoverTheKernelRefusesToDeleteDoesNotFailTheInstallAndIsTriedAgain() throws Exception {
        killedSender();
        Daemon next = new Daemon(kernel, store);
        next.sweepLeftovers();
        next.refuse.add("deleteSa a002");
        next.install(out(0xa101, "g", "239.1.1.1", 3));
        assertThat(next.list()).extracting(m -> m.id().spi()).containsExactly(0xa101);
        assertThat(kernel.sad).containsOnlyKeys(0xa002, 0xa101);
        assertThat(store.ledger()).contains("0x0000a002", "0x0000a101");
        assertThatThrownBy(() -> next.sweepLeftovers(GroupId.of("g"))).isInstanceOf(SaException.class)
                .hasMessageContaining("group g").hasMessageContaining("SA 0x0000a002: deleteSa a002 refused");
        next.refuse.clear();
        next.sweepLeftovers(GroupId.of("g"));
        assertThat(kernel.sad).containsOnlyKeys(0xa101);
        assertThat(kernel.fates).as("the policy stays: this incarnation's SA uses it").doesNotContain("CLEAR", "DROPPED");
        assertThat(store.ledger()).doesNotContain("0x0000a002");
    }

    @Test
    void aKeptSaThatHardExpiresLeavesItsPolicySoTheDataIsDroppedNeverSentInClear() throws Exception {
        killedSender();
        Daemon next = new Daemon(kernel, store);
        next.sweepLeftovers();
        kernel.sad.remove(0xa002); // the kernel's hard lifetime
        assertThat(next.expired(0xa002, new byte[] {(byte) 239, 1, 1, 1}, true)).as("not this incarnation's").isNull();
        assertThat(kernel.fate()).isEqualTo("DROPPED");
        // killed again: the next start keeps the outbound policy although its SA is gone
        Daemon third = new Daemon(kernel, store);
        assertThat(third.sweepLeftovers()).singleElement().asString().contains("1 already gone")
                .contains("kept 0 outbound SAs and 1 policy");
        assertThat(kernel.fates).doesNotContain("CLEAR");
        third.install(out(0xa201, "g", "239.1.1.1", 4));
        assertThat(kernel.fate()).isEqualTo("ESP 0xa201");
        third.close();
        assertThat(kernel.spd).isEmpty();
    }
}
