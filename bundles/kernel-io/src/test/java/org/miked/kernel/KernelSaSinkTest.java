package org.miked.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
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
    static final class Recorder extends KernelSaSink {
        final List<String> calls;
        final Set<String> refuse;
        int released;

        Recorder(List<String> calls, Set<String> refuse, SaEventListener listener, Set<SaCapability> caps) {
            super("test", listener, caps);
            this.calls = calls;
            this.refuse = refuse;
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
}
