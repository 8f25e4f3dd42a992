package org.miked.sink.xfrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miked.api.sa.Direction;
import org.miked.api.sa.Msa;
import org.miked.common.state.MemoryStateStore;
import org.miked.common.wire.DecodeException;
import org.miked.kernel.Errno;
import org.miked.kernel.SaEndpoints;
import org.miked.sink.xfrm.wire.Xfrm;
import org.miked.sink.xfrm.wire.XfrmCodec;

/**
 * Issue 11: a restarted daemon's xfrm sink removes the SAs and policies its SIGKILLed incarnation left, and
 * nothing else, against a scripted kernel that keeps an SAD and an SPD the way Linux keys them (SA by
 * destination and SPI, policy by selector and direction) and that other parties (a manual {@code ip xfrm},
 * another daemon) write to as well.
 */
class XfrmSweepTest {
    /** A scripted kernel with state: NEWSA / DELSA / GETSA, UPDPOLICY / DELPOLICY / GETPOLICY. */
    static class FakeSad implements XfrmChannel {
        final Map<String, XfrmCodec.Sa> sas = new LinkedHashMap<>();
        final Map<String, XfrmCodec.Policy> policies = new LinkedHashMap<>();
        final List<String> log = new ArrayList<>();
        int seq = 500;

        @Override
        public int nextSeq() {
            return ++seq;
        }

        static String saKey(byte[] daddr16, int spi) {
            return HexFormat.of().formatHex(daddr16) + "/" + Integer.toHexString(spi);
        }

        static String policyKey(byte[] m, int dirOffset) {
            return HexFormat.of().formatHex(m, 16, 16 + 56) + "/" + m[16 + dirOffset];
        }

        @Override
        public XfrmCodec.Message request(byte[] m, int s) {
            int type = (m[4] & 0xff) | (m[5] & 0xff) << 8;
            int flags = (m[6] & 0xff) | (m[7] & 0xff) << 8;
            try {
                switch (type) {
                    case XfrmCodec.XFRM_MSG_NEWSA -> {
                        XfrmCodec.Sa sa = (XfrmCodec.Sa) XfrmCodec.decode(m, m.length).get(0);
                        String k = saKey(sa.info().daddr(), sa.info().spi());
                        log.add("NEWSA " + Integer.toHexString(sa.info().spi()));
                        if (sas.putIfAbsent(k, sa) != null) {
                            return new XfrmCodec.Error(s, Errno.EEXIST, type, "");
                        }
                    }
                    case XfrmCodec.XFRM_MSG_DELSA, XfrmCodec.XFRM_MSG_GETSA -> {
                        int spi = ByteBuffer.wrap(m, 32, 4).getInt();
                        byte[] d = java.util.Arrays.copyOfRange(m, 16, 32);
                        log.add((type == XfrmCodec.XFRM_MSG_DELSA ? "DELSA " : "GETSA ") + Integer.toHexString(spi));
                        XfrmCodec.Sa sa = type == XfrmCodec.XFRM_MSG_DELSA ? sas.remove(saKey(d, spi)) : sas.get(saKey(d, spi));
                        if (sa == null) {
                            return new XfrmCodec.Error(s, Errno.ESRCH, type, "");
                        }
                        if (type == XfrmCodec.XFRM_MSG_GETSA) {
                            assertThat(flags & XfrmCodec.NLM_F_ACK).as("no ACK after the answer").isZero();
                            return new XfrmCodec.Sa(s, sa.info(), sa.algos());
                        }
                    }
                    case XfrmCodec.XFRM_MSG_UPDPOLICY -> {
                        XfrmCodec.Policy p = (XfrmCodec.Policy) XfrmCodec.decode(m, m.length).get(0);
                        log.add("UPDPOLICY");
                        policies.put(policyKey(m, 160), p);
                    }
                    case XfrmCodec.XFRM_MSG_DELPOLICY, XfrmCodec.XFRM_MSG_GETPOLICY -> {
                        String k = policyKey(m, 60);
                        log.add(type == XfrmCodec.XFRM_MSG_DELPOLICY ? "DELPOLICY" : "GETPOLICY");
                        XfrmCodec.Policy p = type == XfrmCodec.XFRM_MSG_DELPOLICY ? policies.remove(k) : policies.get(k);
                        if (p == null) {
                            return new XfrmCodec.Error(s, Errno.ENOENT, type, "");
                        }
                        if (type == XfrmCodec.XFRM_MSG_GETPOLICY) {
                            return new XfrmCodec.Policy(s, p.info(), p.templates());
                        }
                    }
                    default -> throw new AssertionError("unexpected request type " + type);
                }
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
            return new XfrmCodec.Error(s, 0, type, "");
        }

        /** What `ip xfrm state add ... reqid R` or another daemon adds behind our back. */
        void foreignSa(Msa like, int reqid) throws Exception {
            SaEndpoints e = SaEndpoints.of(like);
            Xfrm.SaInfo i = MsaMapping.saInfo(like, e);
            Xfrm.SaInfo f = new Xfrm.SaInfo(i.sel(), i.daddr(), i.spi(), i.proto(), i.saddr(), i.lft(), i.cur(), 0, 0, 0, 0,
                    reqid, i.family(), i.mode(), i.replayWindow(), i.flags());
            int s = nextSeq();
            request(XfrmCodec.newSa(XfrmCodec.XFRM_MSG_NEWSA, XfrmCodec.NLM_F_REQUEST, s, f, MsaMapping.algos(like)), s);
        }

        /** `ip xfrm policy add ... tmpl ... reqid R` for the MSA's selector. */
        void foreignPolicy(Msa like, int reqid) throws Exception {
            SaEndpoints e = SaEndpoints.of(like);
            Xfrm.Template t = MsaMapping.template(e);
            Xfrm.Template f = new Xfrm.Template(t.daddr(), 0, t.proto(), t.family(), t.saddr(), reqid, t.mode(), 0, 0, -1, -1,
                    -1);
            int s = nextSeq();
            request(XfrmCodec.newPolicy(XfrmCodec.XFRM_MSG_UPDPOLICY, XfrmCodec.NLM_F_REQUEST, s,
                    MsaMapping.policy(like, e), List.of(f)), s);
        }

        /** The kernel deletes an SA at its hard lifetime (the notification is lost with the killed daemon). */
        void expire(Msa m) throws Exception {
            sas.remove(saKey(Xfrm.addr16(SaEndpoints.of(m).dst().getAddress()), m.id().spi()));
        }

        List<Integer> spis() {
            return sas.values().stream().map(sa -> sa.info().spi()).toList();
        }

        @Override
        public void close() {
        }
    }

    static Msa cbc4(int spi, String source) {
        return XfrmSinkTest.with(XfrmSinkTest.cbc4(spi), source);
    }

    @Test
    void aRestartedSinkRemovesItsKilledIncarnationsSasAndPoliciesAndNothingElse() throws Exception {
        FakeSad kernel = new FakeSad();
        MemoryStateStore store = new MemoryStateStore();
        XfrmSink killed = new XfrmSink(kernel, (id, hard) -> { }, XfrmSinkTest.BOTH, store);
        Msa a1 = cbc4(0x1001, "192.0.2.1");
        Msa a2 = cbc4(0x1002, "192.0.2.1"); // a rekey of the same sender: same policy
        Msa b = cbc4(0x1003, "192.0.2.2");
        Msa c = cbc4(0x1004, "192.0.2.3");
        Msa out6 = XfrmSinkTest.gcm6(0x1005, "fd00::1", Direction.OUTBOUND);
        killed.installAll(List.of(a1, b, c, out6));
        killed.install(a2);
        assertThat(kernel.policies).hasSize(4);

        // behind the killed daemon's back:
        kernel.foreignSa(cbc4(0x2001, "192.0.2.9"), 7); // manual SA to the same group, another SPI
        kernel.foreignPolicy(cbc4(0x2001, "192.0.2.9"), 7);
        kernel.foreignSa(cbc4(0x2002, "192.0.2.1"), MsaMapping.reqid(SaEndpoints.of(a1))); // MIKED's reqid, not ours
        kernel.expire(b); // b expired, and someone put an SA of their own at its SPI and destination, reqid 0
        kernel.foreignSa(b, 0);
        kernel.expire(c); // c expired; an SA from another source now holds its SPI and destination
        kernel.foreignSa(cbc4(0x1004, "192.0.2.66"), MsaMapping.reqid(SaEndpoints.of(c)));
        // SIGKILL: nothing closed

        kernel.log.clear();
        XfrmSink next = new XfrmSink(kernel, (id, hard) -> { }, XfrmSinkTest.BOTH, store);
        List<String> lines = next.sweepLeftovers();

        assertThat(kernel.spis()).as("exactly the foreign SAs stay, and the outbound one (issue 12: still sending)")
                .containsExactlyInAnyOrder(0x2001, 0x2002, 0x1003, 0x1004, 0x1005);
        assertThat(kernel.log).doesNotContain("DELSA 2001", "DELSA 2002", "DELSA 1003", "DELSA 1004")
                .as("only SPIs of the ledger are ever looked at").noneMatch(l -> l.contains("2001") || l.contains("2002"));
        assertThat(kernel.policies.values()).extracting(p -> p.templates().get(0).reqid())
                .as("the manual policy, the policies whose SAs someone else holds now, and the outbound one stay")
                .containsExactlyInAnyOrder(7, MsaMapping.reqid(SaEndpoints.of(b)), MsaMapping.reqid(SaEndpoints.of(c)),
                        MsaMapping.reqid(SaEndpoints.of(out6)));
        assertThat(lines).containsExactly("xfrm sink: group trial: removed 2 SAs and 1 policy left by a killed "
                + "incarnation; kept 1 outbound SA (0x00001005) and 1 policy until this incarnation's own outbound SA "
                + "replaces them: the host's data goes out under them meanwhile; left 2 that are no longer ours: SA "
                + "0x00001003 (reqid 0x00000000, not ours 0x"
                + String.format("%08x", MsaMapping.reqid(SaEndpoints.of(b))) + "), SA 0x00001004 (its source is not "
                + "192.0.2.3)");
        assertThat(new String(store.get("sa-ledger.xfrm"), java.nio.charset.StandardCharsets.US_ASCII))
                .as("only the kept SA is left to remove").contains("0x00001005").doesNotContain("0x00001001", "0x00001003");

        // the new incarnation works as before; its own outbound SA of the pair replaces the kept one (UPDPOLICY keeps
        // the policy in place: it is never absent)
        next.install(cbc4(0x3001, "192.0.2.1"));
        assertThat(kernel.spis()).contains(0x3001, 0x1005);
        kernel.log.clear();
        next.install(XfrmSinkTest.gcm6(0x3002, "fd00::1", Direction.OUTBOUND));
        assertThat(kernel.log).containsExactly("NEWSA 3002", "UPDPOLICY", "DELSA 1005");
        assertThat(kernel.spis()).contains(0x3002).doesNotContain(0x1005);
        next.close();
        assertThat(kernel.spis()).doesNotContain(0x3001, 0x3002);
        assertThat(store.get("sa-ledger.xfrm")).isNull();
    }

    @Test
    void aPolicySomeoneReplacedIsLeft() throws Exception {
        FakeSad kernel = new FakeSad();
        MemoryStateStore store = new MemoryStateStore();
        Msa a = cbc4(0x1101, "192.0.2.1");
        new XfrmSink(kernel, (id, hard) -> { }, XfrmSinkTest.BOTH, store).install(a);
        kernel.foreignPolicy(a, 42); // an IKE daemon's policy replaced ours for this flow
        List<String> lines = new XfrmSink(kernel, (id, hard) -> { }, XfrmSinkTest.BOTH, store).sweepLeftovers();
        assertThat(kernel.spis()).isEmpty();
        assertThat(kernel.policies).hasSize(1);
        assertThat(lines).singleElement().asString().contains("removed 1 SA and 0 policies")
                .contains("policy INBOUND 192.0.2.1 -> 239.1.1.1 (its template is not ESP with reqid");
    }

    @Test
    void aKernelThatRefusesTheSweepDoesNotStopTheSinkAndTheNextStartRetries() throws Exception {
        FakeSad kernel = new FakeSad();
        MemoryStateStore store = new MemoryStateStore();
        Msa a = cbc4(0x1201, "192.0.2.1");
        new XfrmSink(kernel, (id, hard) -> { }, XfrmSinkTest.BOTH, store).install(a);
        FakeSad refusing = new FakeSad() {
            @Override
            public XfrmCodec.Message request(byte[] m, int s) {
                if (m[4] == XfrmCodec.XFRM_MSG_DELSA) {
                    return new XfrmCodec.Error(s, Errno.EPERM, XfrmCodec.XFRM_MSG_DELSA, "");
                }
                return kernel.request(m, s);
            }
        };
        XfrmSink second = new XfrmSink(refusing, (id, hard) -> { }, XfrmSinkTest.BOTH, store);
        assertThat(second.sweepLeftovers()).singleElement().asString().contains("could not remove 1")
                .contains("SA 0x00001201: ").contains("EPERM").contains("CAP_NET_ADMIN");
        assertThat(kernel.spis()).containsExactly(0x1201);
        second.install(cbc4(0x1202, "192.0.2.1"));
        // killed again; the third start can delete
        assertThat(new XfrmSink(kernel, (id, hard) -> { }, XfrmSinkTest.BOTH, store).sweepLeftovers()).singleElement()
                .asString().startsWith("xfrm sink: group trial: removed 2 SAs and 1 policy");
        assertThat(kernel.spis()).isEmpty();
        assertThat(kernel.policies).isEmpty();
    }
}
