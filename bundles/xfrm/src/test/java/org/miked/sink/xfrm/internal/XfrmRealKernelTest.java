package org.miked.sink.xfrm.internal;

import org.miked.kernel.KernelSocket;
import org.miked.kernel.Errno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.InetAddress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaSink;
import org.miked.common.event.VirtualTime;
import org.miked.sink.xfrm.wire.Xfrm;
import org.miked.sink.xfrm.wire.XfrmCodec;
import org.miked.testkit.TestRuntime;

/**
 * Against this machine's real kernel, through jnr-ffi. On the development host (2026-11) the kernel has
 * XFRM but no ESP: open must fail naming esp4/esp6; ALLOCSPI (which needs no ESP) must round-trip.
 */
class XfrmRealKernelTest {
    private static NetlinkXfrmChannel channelOrSkip() {
        try {
            return NetlinkXfrmChannel.open(e -> { });
        } catch (KernelSocket.Failure e) {
            Assumptions.assumeTrue(false, "no XFRM netlink socket here: " + XfrmSinkFactory.explainSocket(e));
            return null;
        }
    }

    @Test
    void openEitherWorksOrSaysWhichModuleOrPrivilegeIsMissing() throws Exception {
        XfrmSinkFactory f = new XfrmSinkFactory();
        TestRuntime host = new TestRuntime(MemberId.of("s01"), new VirtualTime(), 1);
        try (SaSink sink = f.open(host, (id, hard) -> { })) {
            System.out.println("xfrm sink opened on this kernel: " + sink.capabilities());
            assertThat(sink.capabilities()).contains(SaCapability.KERNEL, SaCapability.ESP);
            assertThat(sink.capabilities()).containsAnyOf(SaCapability.IPV4, SaCapability.IPV6);
        } catch (SaException e) {
            System.out.println("xfrm sink refused on this kernel: " + e.getMessage());
            assertThat(e.getMessage()).containsAnyOf("esp4", "esp6", "xfrm_user", "CAP_NET_ADMIN");
            if (e.getMessage().contains("cannot install ESP")) {
                assertThat(e.getMessage()).contains("esp4").contains("esp6");
            }
        }
    }

    @Test
    void allocSpiRoundTripsThroughTheRealKernel() throws Exception {
        try (NetlinkXfrmChannel ch = channelOrSkip()) {
            byte[] src = InetAddress.getByName("192.0.2.91").getAddress();
            byte[] dst = InetAddress.getByName("192.0.2.92").getAddress();
            Xfrm.Selector sel = new Xfrm.Selector(dst, src, 0, 0, 0, 0, Xfrm.AF_INET, 32, 32, 0, 0, 0);
            Xfrm.SaInfo info = new Xfrm.SaInfo(sel, dst, 0, Xfrm.IPPROTO_ESP, src, Xfrm.Lifetime.NONE, Xfrm.Current.ZERO,
                    0, 0, 0, 0, 0, Xfrm.AF_INET, Xfrm.MODE_TRANSPORT, 0, 0);
            int seq = ch.nextSeq();
            XfrmCodec.Message m = ch.request(XfrmCodec.allocSpi(XfrmCodec.NLM_F_REQUEST, seq, info, 0x4d000100, 0x4d00ffff),
                    seq);
            if (m instanceof XfrmCodec.Error err) {
                Assumptions.assumeTrue(err.errno() != Errno.EPERM, "ALLOCSPI needs CAP_NET_ADMIN");
                fail("ALLOCSPI refused: " + Errno.name(err.errno()) + " " + err.text());
            }
            XfrmCodec.Sa larval = (XfrmCodec.Sa) m;
            int spi = larval.info().spi();
            System.out.printf("kernel allocated SPI 0x%08x for 192.0.2.91 -> 192.0.2.92%n", spi);
            assertThat(Integer.toUnsignedLong(spi)).isBetween(0x4d000100L, 0x4d00ffffL);
            int dseq = ch.nextSeq();
            XfrmCodec.Message del = ch.request(XfrmCodec.delSa(XfrmCodec.NLM_F_REQUEST | XfrmCodec.NLM_F_ACK, dseq, dst, spi,
                    Xfrm.AF_INET, Xfrm.IPPROTO_ESP, src), dseq);
            assertThat(del).isEqualTo(new XfrmCodec.Error(dseq, 0, XfrmCodec.XFRM_MSG_DELSA, ""));
            // deleting it again: the kernel answers ESRCH, decoded as such
            int again = ch.nextSeq();
            XfrmCodec.Message gone = ch.request(XfrmCodec.delSa(XfrmCodec.NLM_F_REQUEST | XfrmCodec.NLM_F_ACK, again, dst,
                    spi, Xfrm.AF_INET, Xfrm.IPPROTO_ESP, src), again);
            assertThat(((XfrmCodec.Error) gone).errno()).isEqualTo(Errno.ESRCH);
        }
    }

}
