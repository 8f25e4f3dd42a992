package org.miked.sink.xfrm.internal;

import org.miked.kernel.Errno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.common.wire.DecodeException;
import org.miked.kernel.wire.HostReader;
import org.miked.sink.xfrm.wire.Xfrm;
import org.miked.sink.xfrm.wire.XfrmCodec;

/** The sink's mapping and bookkeeping against a scripted kernel that decodes what it is sent. */
class XfrmSinkTest {
    /** Records requests; answers ACK unless an errno was queued for the next one. */
    static final class FakeKernel implements XfrmChannel {
        final List<byte[]> sent = new ArrayList<>();
        final Deque<XfrmCodec.Error> answers = new ArrayDeque<>();
        final AtomicInteger seq = new AtomicInteger(100);
        boolean closed;

        @Override
        public int nextSeq() {
            return seq.incrementAndGet();
        }

        @Override
        public XfrmCodec.Message request(byte[] message, int s) {
            sent.add(message);
            XfrmCodec.Error a = answers.poll();
            return a == null ? new XfrmCodec.Error(s, 0, 0, "") : new XfrmCodec.Error(s, a.errno(), 0, a.text());
        }

        void refuseNext(int errno, String text) {
            answers.add(new XfrmCodec.Error(0, errno, 0, text));
        }

        List<Integer> types() {
            List<Integer> t = new ArrayList<>();
            for (byte[] b : sent) {
                t.add((b[4] & 0xff) | (b[5] & 0xff) << 8);
            }
            return t;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final EnumSet<SaCapability> BOTH = EnumSet.of(SaCapability.ESP, SaCapability.IPV4, SaCapability.IPV6,
            SaCapability.POLICIES, SaCapability.EXPIRE_EVENTS, SaCapability.KERNEL);

    static Msa gcm6(int spi, String sender, Direction dir) {
        byte[] key = new byte[20];
        key[0] = (byte) spi;
        return new Msa(new SaId(spi, "ff3e::4d:1", IpsecProtocol.ESP), GroupId.of("trial"), MemberId.of("s01"), 1, sender,
                0, 5004, "rfc4106(gcm(aes))", key, "none", new byte[0], 128, "none", 64, 3300, 3600, dir);
    }

    static Msa cbc4(int spi) {
        return new Msa(new SaId(spi, "239.1.1.1", IpsecProtocol.ESP), GroupId.of("trial"), MemberId.of("s01"), 1,
                "192.0.2.1", 0, 0, "cbc(aes)", new byte[16], "hmac(sha256)", new byte[32], 128, "none", 32, 3300, 3600,
                Direction.INBOUND);
    }

    static Msa with(Msa m, String source) {
        return new Msa(m.id(), m.group(), m.sender(), m.epoch(), source, m.sourcePort(), m.destinationPort(),
                m.encryption(), m.encryptionKey(), m.integrity(), m.integrityKey(), m.icvBits(),
                m.sourceAuthentication(), m.replayWindow(), m.softLifetimeS(), m.hardLifetimeS(), m.direction());
    }

    static List<XfrmCodec.Message> decode(byte[] b) throws DecodeException {
        return XfrmCodec.decode(b, b.length);
    }

    @Test
    void installSendsTheSaAndOnePolicyPerSenderAndDirection() throws Exception {
        FakeKernel k = new FakeKernel();
        XfrmSink sink = new XfrmSink(k, (id, hard) -> { }, BOTH);
        sink.install(gcm6(0x1001, "fd00::1", Direction.OUTBOUND));
        assertThat(k.types()).containsExactly(XfrmCodec.XFRM_MSG_NEWSA, XfrmCodec.XFRM_MSG_UPDPOLICY);
        XfrmCodec.Sa sa = (XfrmCodec.Sa) decode(k.sent.get(0)).get(0);
        assertThat(sa.info().spi()).isEqualTo(0x1001);
        assertThat(sa.info().family()).isEqualTo(Xfrm.AF_INET6);
        assertThat(sa.info().mode()).isEqualTo(Xfrm.MODE_TRANSPORT);
        assertThat(sa.info().replayWindow()).isEqualTo(64);
        assertThat(sa.info().lft().softAddSeconds()).isEqualTo(3300);
        assertThat(sa.info().lft().hardAddSeconds()).isEqualTo(3600);
        assertThat(sa.info().sel().dport()).isEqualTo(5004);
        assertThat(sa.info().sel().proto()).isEqualTo(Xfrm.IPPROTO_UDP);
        assertThat(sa.algos()).singleElement().satisfies(a -> {
            assertThat(a.attrType()).isEqualTo(XfrmCodec.XFRMA_ALG_AEAD);
            assertThat(a.keyBits()).isEqualTo(160);
            assertThat(a.extraBits()).isEqualTo(128);
        });
        byte[] pol = k.sent.get(1);
        var p = XfrmCodec.policy(new HostReader(pol, 16, pol.length - 16));
        assertThat(p.getKey().dir()).isEqualTo(Xfrm.POLICY_OUT);
        assertThat(p.getValue()).singleElement().satisfies(t -> {
            assertThat(t.reqid()).isEqualTo(sa.info().reqid());
            assertThat(t.proto()).isEqualTo(Xfrm.IPPROTO_ESP);
        });

        // a rekey: a second SA of the same sender shares the policy
        sink.install(gcm6(0x1002, "fd00::1", Direction.OUTBOUND));
        assertThat(k.types()).hasSize(3).last().isEqualTo(XfrmCodec.XFRM_MSG_NEWSA);
        sink.delete(new SaId(0x1001, "ff3e::4d:1", IpsecProtocol.ESP));
        assertThat(k.types()).hasSize(4).last().isEqualTo(XfrmCodec.XFRM_MSG_DELSA);
        sink.delete(new SaId(0x1002, "ff3e::4d:1", IpsecProtocol.ESP));
        assertThat(k.types().subList(4, 6)).containsExactly(XfrmCodec.XFRM_MSG_DELSA, XfrmCodec.XFRM_MSG_DELPOLICY);
        assertThat(sink.list()).isEmpty();
    }

    @Test
    void cbcWithHmacTravelsAsCryptAndTruncatedAuth() throws Exception {
        FakeKernel k = new FakeKernel();
        new XfrmSink(k, (id, hard) -> { }, BOTH).install(cbc4(0x2001));
        XfrmCodec.Sa sa = (XfrmCodec.Sa) decode(k.sent.get(0)).get(0);
        assertThat(sa.algos()).extracting(Xfrm.Algo::attrType)
                .containsExactly(XfrmCodec.XFRMA_ALG_CRYPT, XfrmCodec.XFRMA_ALG_AUTH_TRUNC);
        assertThat(sa.algos().get(1).extraBits()).isEqualTo(128); // RFC 4868, not Linux's old 96
        assertThat(sa.info().sel().proto()).isZero(); // no port: any protocol
        byte[] pol = k.sent.get(1);
        assertThat(XfrmCodec.policy(new HostReader(pol, 16, pol.length - 16)).getKey().dir()).isEqualTo(Xfrm.POLICY_IN);
    }

    @Test
    void refusalsNameTheErrnoTheKernelsWordsAndAFix() {
        FakeKernel k = new FakeKernel();
        XfrmSink sink = new XfrmSink(k, (id, hard) -> { }, BOTH);
        k.refuseNext(Errno.EPROTONOSUPPORT, "Requested type not found");
        assertThatThrownBy(() -> sink.install(cbc4(0x2002))).isInstanceOf(SaException.class)
                .hasMessageContaining("EPROTONOSUPPORT").hasMessageContaining("Requested type not found")
                .hasMessageContaining("esp4");
        k.refuseNext(Errno.ENOSYS, "Requested AEAD algorithm not found");
        assertThatThrownBy(() -> sink.install(gcm6(0x2003, "fd00::1", Direction.INBOUND)))
                .hasMessageContaining("crypto module");
        k.refuseNext(Errno.EPERM, "");
        assertThatThrownBy(() -> sink.install(cbc4(0x2004))).hasMessageContaining("CAP_NET_ADMIN");
        assertThat(sink.list()).isEmpty();
    }

    @Test
    void aRefusedPolicyTakesItsSaWithIt() {
        FakeKernel k = new FakeKernel();
        XfrmSink sink = new XfrmSink(k, (id, hard) -> { }, BOTH);
        k.answers.add(new XfrmCodec.Error(0, 0, 0, "")); // NEWSA ok
        k.refuseNext(Errno.EINVAL, "bad selector");
        assertThatThrownBy(() -> sink.install(cbc4(0x3001))).hasMessageContaining("UPDPOLICY");
        assertThat(k.types()).containsExactly(XfrmCodec.XFRM_MSG_NEWSA, XfrmCodec.XFRM_MSG_UPDPOLICY,
                XfrmCodec.XFRM_MSG_DELSA);
        assertThat(sink.list()).isEmpty();
    }

    @Test
    void whatTheSinkCannotDoIsRefusedBeforeTheKernelIsAsked() {
        FakeKernel k = new FakeKernel();
        XfrmSink v4only = new XfrmSink(k, (id, hard) -> { }, EnumSet.of(SaCapability.ESP, SaCapability.IPV4));
        assertThatThrownBy(() -> v4only.install(gcm6(0x4001, "fd00::1", Direction.INBOUND))).hasMessageContaining("esp6");
        Msa ah = new Msa(new SaId(0x4002, "239.1.1.1", IpsecProtocol.AH_ESP), GroupId.of("g"), MemberId.of("s01"), 1,
                "192.0.2.1", 0, 0, "cbc(aes)", new byte[16], "hmac(sha256)", new byte[32], 128, "none", 0, 10, 20,
                Direction.INBOUND);
        assertThatThrownBy(() -> v4only.install(ah)).hasMessageContaining("ESP only");
        Msa mixed = new Msa(new SaId(0x4003, "239.1.1.1", IpsecProtocol.ESP), GroupId.of("g"), MemberId.of("s01"), 1,
                "fd00::1", 0, 0, "cbc(aes)", new byte[16], "hmac(sha256)", new byte[32], 128, "none", 0, 10, 20,
                Direction.INBOUND);
        assertThatThrownBy(() -> v4only.install(mixed)).hasMessageContaining("different address families");
        assertThatThrownBy(() -> v4only.install(with(cbc4(0x4004), "s01"))).hasMessageContaining(
                "source 's01' is not an IPv4 or IPv6 address literal");
        assertThat(k.sent).isEmpty();
    }

    @Test
    void expiriesOfOurSasReachTheListenerAndHardOnesForgetThem() throws Exception {
        FakeKernel k = new FakeKernel();
        List<String> events = new ArrayList<>();
        XfrmSink sink = new XfrmSink(k, (id, hard) -> events.add(id + (hard ? " hard" : " soft")), BOTH);
        Msa m = cbc4(0x5001);
        sink.install(m);
        XfrmCodec.Sa sent = (XfrmCodec.Sa) decode(k.sent.get(0)).get(0);
        sink.onExpire(new XfrmCodec.Expire(0, sent.info(), false));
        assertThat(sink.list()).hasSize(1);
        Xfrm.SaInfo other = new Xfrm.SaInfo(sent.info().sel(), sent.info().daddr(), 0x9999, Xfrm.IPPROTO_ESP,
                sent.info().saddr(), sent.info().lft(), sent.info().cur(), 0, 0, 0, 0, 0, Xfrm.AF_INET, 0, 0, 0);
        sink.onExpire(new XfrmCodec.Expire(0, other, true)); // not ours: ignored
        sink.onExpire(new XfrmCodec.Expire(0, sent.info(), true));
        assertThat(events).containsExactly(m.id() + " soft", m.id() + " hard");
        assertThat(sink.list()).isEmpty();
        assertThat(k.types()).last().isEqualTo(XfrmCodec.XFRM_MSG_DELPOLICY); // the policy went with the last SA
    }

    @Test
    void deletingWhatTheKernelAlreadyDroppedIsFineAndCloseDeletesTheRest() throws Exception {
        FakeKernel k = new FakeKernel();
        XfrmSink sink = new XfrmSink(k, (id, hard) -> { }, BOTH);
        sink.install(cbc4(0x6001));
        sink.install(cbc4(0x6002));
        k.refuseNext(Errno.ESRCH, "");
        sink.delete(cbc4(0x6001).id());
        sink.delete(cbc4(0x7777).id()); // never installed: nothing sent
        int before = k.sent.size();
        sink.close();
        assertThat(k.types().subList(before, k.sent.size())).containsExactly(XfrmCodec.XFRM_MSG_DELSA,
                XfrmCodec.XFRM_MSG_DELPOLICY);
        assertThat(k.closed).isTrue();
        assertThatThrownBy(() -> sink.install(cbc4(0x6003))).hasMessageContaining("closed");
    }
}
