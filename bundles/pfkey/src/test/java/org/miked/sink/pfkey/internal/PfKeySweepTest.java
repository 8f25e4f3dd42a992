package org.miked.sink.pfkey.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
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
import org.miked.common.state.MemoryStateStore;
import org.miked.kernel.Errno;
import org.miked.sink.pfkey.wire.PfKey;
import org.miked.sink.pfkey.wire.PfKeyCodec;

/**
 * Issue 11: a restarted daemon's pfkey sink removes the SAs and policies its SIGKILLed incarnation left, and
 * nothing else, against a scripted kernel that keeps an SAD (by destination and SPI, as af_key looks SAs up)
 * and an SPD (by addresses, ports and direction) that others write to as well. PF_KEY SAs all have reqid 0,
 * so reqid cannot tell ours from a manual one: the stored ledger and the source address do.
 */
class PfKeySweepTest {
    static class FakeSad implements PfKeyChannel {
        final Map<String, PfKey.Message> sas = new LinkedHashMap<>();
        final Map<String, PfKey.Message> policies = new LinkedHashMap<>();
        final List<String> log = new ArrayList<>();
        int seq = 10;

        @Override
        public int nextSeq() {
            return ++seq;
        }

        @Override
        public int pid() {
            return 4242;
        }

        static String saKey(PfKey.Message m) {
            return HexFormat.of().formatHex(m.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_DST).addr()) + "/"
                    + Integer.toHexString(m.ext(PfKey.Sa.class, PfKey.EXT_SA).spi());
        }

        static String policyKey(PfKey.Message m) {
            PfKey.Address s = m.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_SRC);
            PfKey.Address d = m.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_DST);
            return HexFormat.of().formatHex(s.addr()) + ":" + s.port() + ">" + HexFormat.of().formatHex(d.addr()) + ":"
                    + d.port() + "/" + s.proto() + "/" + m.ext(PfKey.Policy.class, PfKey.EXT_X_POLICY).dir();
        }

        @Override
        public PfKey.Message request(PfKey.Message r) throws SaException {
            byte[] wire = PfKeyCodec.encode(r);
            try {
                assertThat(PfKeyCodec.decode(wire, wire.length)).isEqualTo(r);
            } catch (org.miked.common.wire.DecodeException e) {
                throw new SaException("codec", e);
            }
            int errno = 0;
            List<PfKey.Ext> out = r.extensions();
            switch (r.type()) {
                case PfKey.SADB_ADD -> {
                    log.add("ADD " + Integer.toHexString(r.ext(PfKey.Sa.class, PfKey.EXT_SA).spi()));
                    errno = sas.putIfAbsent(saKey(r), r) == null ? 0 : Errno.EEXIST;
                }
                case PfKey.SADB_DELETE -> {
                    log.add("DELETE " + Integer.toHexString(r.ext(PfKey.Sa.class, PfKey.EXT_SA).spi()));
                    errno = sas.remove(saKey(r)) == null ? Errno.ESRCH : 0;
                }
                case PfKey.SADB_GET -> {
                    log.add("GET " + Integer.toHexString(r.ext(PfKey.Sa.class, PfKey.EXT_SA).spi()));
                    PfKey.Message sa = sas.get(saKey(r)); // af_key: by destination, SPI and type; not the source
                    errno = sa == null ? Errno.ESRCH : 0;
                    out = sa == null ? List.of() : sa.extensions();
                }
                case PfKey.SADB_X_SPDUPDATE -> {
                    log.add("SPDUPDATE");
                    policies.put(policyKey(r), r);
                }
                case PfKey.SADB_X_SPDDELETE -> {
                    log.add("SPDDELETE");
                    errno = policies.remove(policyKey(r)) == null ? Errno.ENOENT : 0;
                }
                default -> throw new AssertionError("unexpected PF_KEY type " + r.type());
            }
            return new PfKey.Message(r.type(), errno, r.satype(), r.seq(), r.pid(), errno == 0 ? out : List.of());
        }

        /** `ip xfrm state add` (or `setkey`) behind our back: an SA like the MSA, from the given source. */
        void foreign(Msa like) throws SaException {
            request(PfKeyMapping.add(nextSeq(), 999, like));
        }

        List<Integer> spis() {
            return sas.values().stream().map(m -> m.ext(PfKey.Sa.class, PfKey.EXT_SA).spi()).toList();
        }

        @Override
        public void close() {
        }
    }

    static Msa msa(int spi, String source, Direction dir) {
        return new Msa(new SaId(spi, "239.1.2.3", IpsecProtocol.ESP), GroupId.of("trial"), MemberId.of("s01"), 1, source, 0,
                5004, "cbc(aes)", new byte[16], "hmac(sha512)", new byte[64], 256, "none", 32, 3300, 3600, dir);
    }

    static PfKeySink sink(PfKeyChannel k, MemoryStateStore store) {
        return new PfKeySink(k, (id, hard) -> { }, PfKeySinkTest.CAPS, Set.of(), Set.of(), store);
    }

    @Test
    void aRestartedSinkRemovesItsKilledIncarnationsSasAndPoliciesAndNeverAForeignOne() throws Exception {
        FakeSad kernel = new FakeSad();
        MemoryStateStore store = new MemoryStateStore();
        PfKeySink killed = sink(kernel, store);
        Msa out = msa(0x1001, "10.0.0.1", Direction.OUTBOUND);
        Msa in = msa(0x1002, "10.0.0.2", Direction.INBOUND);
        Msa gone = msa(0x1003, "10.0.0.3", Direction.INBOUND);
        killed.installAll(List.of(out, in, gone));
        assertThat(kernel.policies).hasSize(3);
        // behind its back: a manual SA to the same group with another SPI, and, after `gone` expired, a manual
        // SA at its very SPI and destination from another source (same reqid 0: PF_KEY cannot tell them apart)
        kernel.foreign(msa(0x2001, "10.0.0.9", Direction.INBOUND));
        kernel.sas.remove(FakeSad.saKey(PfKeyMapping.add(0, 0, gone)));
        kernel.foreign(msa(0x1003, "10.0.0.66", Direction.INBOUND));
        // SIGKILL

        kernel.log.clear();
        PfKeySink next = sink(kernel, store);
        List<String> lines = next.sweepLeftovers();
        assertThat(kernel.spis()).as("the foreign SAs stay, and the outbound one (issue 12: still sending)")
                .containsExactlyInAnyOrder(0x2001, 0x1003, 0x1001);
        assertThat(kernel.log).containsExactly("GET 1001", "GET 1002", "DELETE 1002", "GET 1003", "SPDDELETE");
        assertThat(kernel.log).doesNotContain("FLUSH");
        assertThat(kernel.policies.values()).extracting(p -> p.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_SRC).addr()[3])
                .as("the policy of the flow someone else's SA holds now stays, and the outbound one")
                .containsExactlyInAnyOrder((byte) 3, (byte) 1);
        assertThat(lines).containsExactly("pfkey sink: group trial: removed 1 SA and 1 policy left by a killed "
                + "incarnation; kept 1 outbound SA (0x00001001) and 1 policy until this incarnation's own outbound SA "
                + "replaces them: the host's data goes out under them meanwhile; left 1 that are no longer ours: SA "
                + "0x00001003 (its source is not 10.0.0.3)");
        assertThat(store.get("sa-ledger.pfkey")).isNotNull();

        // this incarnation's outbound SA of the pair replaces the kept one; SPDUPDATE keeps the policy in place
        kernel.log.clear();
        next.install(msa(0x3001, "10.0.0.1", Direction.OUTBOUND));
        assertThat(kernel.log).containsExactly("ADD 3001", "SPDUPDATE", "DELETE 1001");
        assertThat(store.get("sa-ledger.pfkey")).isNotNull();
        next.close();
        assertThat(store.get("sa-ledger.pfkey")).isNull();
        assertThat(kernel.spis()).containsExactlyInAnyOrder(0x2001, 0x1003);
    }

    @Test
    void anSaOfAnotherModeAtTheRecordedPlaceIsNotOurs() throws Exception {
        FakeSad kernel = new FakeSad();
        MemoryStateStore store = new MemoryStateStore();
        Msa a = msa(0x1101, "10.0.0.1", Direction.INBOUND);
        sink(kernel, store).install(a);
        // replaced by a tunnel-mode SA with a reqid, same SPI, destination and source (an IKE daemon's)
        PfKey.Message add = PfKeyMapping.add(kernel.nextSeq(), 999, a);
        List<PfKey.Ext> x = new ArrayList<>();
        for (PfKey.Ext e : add.extensions()) {
            x.add(e instanceof PfKey.Sa2 ? new PfKey.Sa2(PfKey.IPSEC_MODE_TRANSPORT + 1, 0, 17) : e);
        }
        kernel.sas.clear();
        kernel.request(new PfKey.Message(PfKey.SADB_ADD, 0, add.satype(), add.seq(), add.pid(), x));
        assertThat(sink(kernel, store).sweepLeftovers()).singleElement().asString()
                .contains("removed 0 SAs and 0 policies").contains("SA 0x00001101 (reqid 17 / mode 2, not ours");
        assertThat(kernel.spis()).containsExactly(0x1101);
    }
}
