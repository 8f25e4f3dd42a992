package org.miked.sink.pfkey.internal;

import org.miked.kernel.Errno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.sink.pfkey.wire.PfKey;
import org.miked.sink.pfkey.wire.PfKeyCodec;

/** The sink's mapping and bookkeeping against a scripted kernel; every request also goes through the codec. */
class PfKeySinkTest {
    static final class FakeKernel implements PfKeyChannel {
        final List<PfKey.Message> sent = new ArrayList<>();
        final Deque<Integer> errnos = new ArrayDeque<>();
        int seq = 10;
        boolean closed;

        @Override
        public int nextSeq() {
            return ++seq;
        }

        @Override
        public int pid() {
            return 4242;
        }

        @Override
        public PfKey.Message request(PfKey.Message r) throws SaException {
            byte[] wire = PfKeyCodec.encode(r);
            try {
                assertThat(PfKeyCodec.decode(wire, wire.length)).isEqualTo(r);
            } catch (org.miked.common.wire.DecodeException e) {
                throw new SaException("codec", e);
            }
            sent.add(r);
            Integer e = errnos.poll();
            return new PfKey.Message(r.type(), e == null ? 0 : e, r.satype(), r.seq(), r.pid(), e == null
                    ? r.extensions() : List.of());
        }

        List<Integer> types() {
            return sent.stream().map(PfKey.Message::type).toList();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final EnumSet<SaCapability> CAPS = EnumSet.of(SaCapability.ESP, SaCapability.IPV4, SaCapability.IPV6);

    static Msa msa(int spi, String enc, int ekBytes, String integ, int ikBytes, int icv, Direction dir) {
        return new Msa(new SaId(spi, "239.1.2.3", IpsecProtocol.ESP), GroupId.of("trial"), MemberId.of("s01"), 1,
                "10.0.0.1", 0, 5004, enc, new byte[ekBytes], integ, new byte[ikBytes], icv, "none", 64, 3300, 3600, dir);
    }

    static Msa gcm(int spi) {
        return msa(spi, "rfc4106(gcm(aes))", 20, "none", 0, 128, Direction.INBOUND);
    }

    @Test
    void installAddsTheSaAndOnePolicyPerSender() throws Exception {
        FakeKernel k = new FakeKernel();
        PfKeySink sink = new PfKeySink(k, (id, hard) -> { }, CAPS, java.util.Set.of(), java.util.Set.of());
        sink.install(gcm(0x1001));
        assertThat(k.types()).containsExactly(PfKey.SADB_ADD, PfKey.SADB_X_SPDUPDATE);
        PfKey.Message add = k.sent.get(0);
        PfKey.Sa sa = add.ext(PfKey.Sa.class, PfKey.EXT_SA);
        assertThat(sa.spi()).isEqualTo(0x1001);
        assertThat(sa.encrypt()).isEqualTo(PfKey.SADB_X_EALG_AES_GCM_ICV16);
        assertThat(sa.auth()).isEqualTo(PfKey.SADB_AALG_NONE);
        assertThat(sa.replay()).as("af_key keeps at most 32").isEqualTo(32);
        assertThat(add.ext(PfKey.Key.class, PfKey.EXT_KEY_ENCRYPT).bits()).isEqualTo(160);
        assertThat(add.ext(PfKey.Key.class, PfKey.EXT_KEY_AUTH)).isNull();
        assertThat(add.ext(PfKey.Lifetime.class, PfKey.EXT_LIFETIME_HARD).addtime()).isEqualTo(3600);
        assertThat(add.ext(PfKey.Lifetime.class, PfKey.EXT_LIFETIME_SOFT).addtime()).isEqualTo(3300);
        assertThat(add.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_DST).port()).isEqualTo(5004);
        PfKey.Policy pol = k.sent.get(1).ext(PfKey.Policy.class, PfKey.EXT_X_POLICY);
        assertThat(pol.dir()).isEqualTo(PfKey.IPSEC_DIR_INBOUND);
        assertThat(pol.requests()).singleElement().satisfies(r -> {
            assertThat(r.reqid()).isZero(); // level REQUIRE: af_key ignores it, the kernel matches SAs of reqid 0
            assertThat(add.ext(PfKey.Sa2.class, PfKey.EXT_X_SA2).reqid()).isZero();
            assertThat(r.level()).isEqualTo(PfKey.IPSEC_LEVEL_REQUIRE);
        });
        sink.install(gcm(0x1002));
        assertThat(k.types()).hasSize(3);
        assertThatThrownBy(() -> sink.install(gcm(0x1002))).hasMessageContaining("already installed");
        assertThat(k.types()).hasSize(3);
        sink.delete(gcm(0x1001).id());
        sink.delete(gcm(0x1002).id());
        assertThat(k.types().subList(3, 6)).containsExactly(PfKey.SADB_DELETE, PfKey.SADB_DELETE, PfKey.SADB_X_SPDDELETE);
    }

    @Test
    void cbcWithHmacSha1CarriesBothKeys() throws Exception {
        FakeKernel k = new FakeKernel();
        new PfKeySink(k, (id, hard) -> { }, CAPS, java.util.Set.of(), java.util.Set.of()).install(msa(0x2001, "cbc(aes)", 16, "hmac(sha1)", 20, 96,
                Direction.OUTBOUND));
        PfKey.Message add = k.sent.get(0);
        assertThat(add.ext(PfKey.Sa.class, PfKey.EXT_SA).auth()).isEqualTo(PfKey.SADB_AALG_SHA1HMAC);
        assertThat(add.ext(PfKey.Key.class, PfKey.EXT_KEY_AUTH).bits()).isEqualTo(160);
        assertThat(k.sent.get(1).ext(PfKey.Policy.class, PfKey.EXT_X_POLICY).dir()).isEqualTo(PfKey.IPSEC_DIR_OUTBOUND);
    }

    @Test
    void suitesPfKeyCannotExpressAreRefusedBeforeTheKernelIsAsked() {
        FakeKernel k = new FakeKernel();
        PfKeySink sink = new PfKeySink(k, (id, hard) -> { }, CAPS, java.util.Set.of(), java.util.Set.of());
        assertThatThrownBy(() -> sink.install(msa(0x3001, "cbc(aes)", 16, "hmac(sha256)", 32, 128, Direction.INBOUND)))
                .isInstanceOf(SaException.class).hasMessageContaining("truncates hmac(sha256) to 96")
                .hasMessageContaining("xfrm sink");
        assertThatThrownBy(() -> sink.install(msa(0x3002, "rfc7539esp(chacha20,poly1305)", 36, "none", 0, 128,
                Direction.INBOUND))).hasMessageContaining("no algorithm number");
        assertThat(k.sent).isEmpty();
    }

    @Test
    void refusalsAndExpiry() throws Exception {
        FakeKernel k = new FakeKernel();
        List<String> events = new ArrayList<>();
        PfKeySink sink = new PfKeySink(k, (id, hard) -> events.add(id + " " + hard), CAPS, java.util.Set.of(), java.util.Set.of());
        k.errnos.add(Errno.EEXIST);
        assertThatThrownBy(() -> sink.install(gcm(0x4001))).hasMessageContaining("EEXIST")
                .hasMessageContaining("already exists");
        k.errnos.add(0);
        k.errnos.add(Errno.EINVAL);
        assertThatThrownBy(() -> sink.install(gcm(0x4002))).hasMessageContaining("EINVAL");
        assertThat(k.types()).containsExactly(PfKey.SADB_ADD, PfKey.SADB_ADD, PfKey.SADB_X_SPDUPDATE, PfKey.SADB_DELETE);
        assertThat(sink.list()).isEmpty();

        sink.install(gcm(0x4003));
        PfKey.Message add = k.sent.get(k.sent.size() - 2);
        PfKey.Message soft = new PfKey.Message(PfKey.SADB_EXPIRE, 0, 3, 0, 0, List.of(
                add.ext(PfKey.Sa.class, PfKey.EXT_SA), new PfKey.Lifetime(PfKey.EXT_LIFETIME_CURRENT, 0, 0, 1, 0),
                new PfKey.Lifetime(PfKey.EXT_LIFETIME_SOFT, 0, 0, 3300, 0), add.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_SRC),
                add.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_DST)));
        sink.onExpire(soft);
        PfKey.Message hard = new PfKey.Message(PfKey.SADB_EXPIRE, 0, 3, 0, 0, List.of(
                add.ext(PfKey.Sa.class, PfKey.EXT_SA), new PfKey.Lifetime(PfKey.EXT_LIFETIME_HARD, 0, 0, 3600, 0),
                add.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_DST)));
        sink.onExpire(hard);
        assertThat(events).containsExactly(gcm(0x4003).id() + " false", gcm(0x4003).id() + " true");
        assertThat(sink.list()).isEmpty();
        assertThat(k.types()).last().isEqualTo(PfKey.SADB_X_SPDDELETE);
    }

    @Test
    void closeDeletesWhatTheSinkInstalledAndNeverFlushes() throws Exception {
        FakeKernel k = new FakeKernel();
        PfKeySink sink = new PfKeySink(k, (id, hard) -> { }, CAPS, java.util.Set.of(), java.util.Set.of());
        sink.install(gcm(0x5001));
        k.errnos.add(Errno.ESRCH); // the kernel dropped it already
        sink.close();
        assertThat(k.types()).containsExactly(PfKey.SADB_ADD, PfKey.SADB_X_SPDUPDATE, PfKey.SADB_DELETE,
                PfKey.SADB_X_SPDDELETE);
        assertThat(k.types()).doesNotContain(PfKey.SADB_FLUSH);
        assertThat(k.closed).isTrue();
    }

    @Test
    void algorithmsTheKernelDidNotOfferAtRegisterAreRefusedBeforeAsking() {
        FakeKernel k = new FakeKernel();
        // what Linux 6.1's af_key listed in the VM: no GCM (ids 18-20): af_key has no AEADs
        PfKeySink sink = new PfKeySink(k, (id, hard) -> { }, CAPS, java.util.Set.of(2, 3, 6, 7, 11, 12, 13, 22, 252, 253),
                java.util.Set.of(2, 3, 5, 6, 7, 8, 9));
        assertThatThrownBy(() -> sink.install(gcm(0x6001))).hasMessageContaining("does not offer rfc4106(gcm(aes))")
                .hasMessageContaining("no AEADs");
        assertThat(k.sent).isEmpty();
    }

    @Test
    void theOpenProbeReportsOnlyTheFamiliesWithEsp() throws Exception {
        FakeKernel k = new FakeKernel();
        k.errnos.add(0); // SADB_ADD IPv4 probe
        k.errnos.add(0); // its SADB_DELETE
        k.errnos.add(Errno.EPROTONOSUPPORT); // SADB_ADD IPv6 probe: no esp6
        assertThat(PfKeySinkFactory.probe(k)).containsExactlyInAnyOrder(SaCapability.ESP, SaCapability.IPV4,
                SaCapability.EXPIRE_EVENTS, SaCapability.POLICIES, SaCapability.KERNEL);
        assertThat(k.types()).containsExactly(PfKey.SADB_ADD, PfKey.SADB_DELETE, PfKey.SADB_ADD);
        PfKey.Message v6 = k.sent.get(2);
        assertThat(v6.ext(PfKey.Sa.class, PfKey.EXT_SA).spi()).isEqualTo(org.miked.kernel.EspProbe.SPI);
        assertThat(v6.ext(PfKey.Address.class, PfKey.EXT_ADDRESS_DST).family()).isEqualTo(PfKey.AF_INET6);
        // af_key: a hard lifetime without a soft one (or the reverse) is EINVAL
        assertThat(v6.ext(PfKey.Lifetime.class, PfKey.EXT_LIFETIME_HARD)).isNotNull();
        assertThat(v6.ext(PfKey.Lifetime.class, PfKey.EXT_LIFETIME_SOFT)).isNotNull();

        FakeKernel none = new FakeKernel();
        none.errnos.add(Errno.EPROTONOSUPPORT);
        none.errnos.add(Errno.EPROTONOSUPPORT);
        assertThatThrownBy(() -> PfKeySinkFactory.probe(none)).hasMessageContaining("cannot install ESP SAs")
                .hasMessageContaining("load module esp4").hasMessageContaining("load module esp6");

        FakeKernel unprivileged = new FakeKernel();
        unprivileged.errnos.add(Errno.EPERM);
        assertThatThrownBy(() -> PfKeySinkFactory.probe(unprivileged)).hasMessageContaining("CAP_NET_ADMIN");
    }

    @Test
    void anMsaOfAFamilyTheProbeFoundNoEspForIsRefusedBeforeAsking() {
        FakeKernel k = new FakeKernel();
        PfKeySink v4only = new PfKeySink(k, (id, hard) -> { }, EnumSet.of(SaCapability.ESP, SaCapability.IPV4),
                java.util.Set.of(), java.util.Set.of());
        Msa v6 = new Msa(new SaId(0x7001, "ff3e::4d:1", IpsecProtocol.ESP), GroupId.of("trial"), MemberId.of("s01"), 1,
                "fd00::1", 0, 5004, "cbc(aes)", new byte[16], "hmac(sha1)", new byte[20], 96, "none", 32, 10, 20,
                Direction.INBOUND);
        assertThatThrownBy(() -> v4only.install(v6)).hasMessageContaining("esp6");
        assertThat(v4only.capabilities()).doesNotContain(SaCapability.IPV6, SaCapability.AH);
        assertThat(k.sent).isEmpty();
    }
}
