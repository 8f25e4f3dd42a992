package org.miked.sink.pfkey.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaId;
import org.miked.api.sa.SaSink;
import org.miked.common.event.VirtualTime;
import org.miked.kernel.Errno;
import org.miked.kernel.KernelSocket;
import org.miked.sink.pfkey.wire.PfKey;
import org.miked.testkit.TestRuntime;

/**
 * Against this machine's real kernel through jnr-ffi. What the kernel offers is found out independently
 * of the sink (a bare {@code socket(PF_KEY)}), and each outcome is checked: without af_key (the
 * development host, 2026-11: EAFNOSUPPORT) open must fail naming module af_key; without privilege it
 * must name CAP_NET_ADMIN; with PF_KEY an MSA must round-trip through the kernel (install, seen by
 * SADB_GET, listed, deleted, gone), or, with PF_KEY but no ESP, open must name esp4/esp6. Skipped only
 * where jnr-ffi cannot call libc at all.
 */
class PfKeyRealKernelTest {
    final TestRuntime host = new TestRuntime(MemberId.of("s01"), new VirtualTime(), 1);

    /** @return the errno of a bare socket(PF_KEY), or 0 if it opened */
    static int pfKeySocketErrno() {
        try {
            KernelSocket.open(KernelSocket.PF_KEY, KernelSocket.SOCK_RAW, PfKeySocketChannel.PF_KEY_V2).close();
            return 0;
        } catch (KernelSocket.Failure e) {
            return e.errno;
        } catch (LinkageError | RuntimeException e) {
            Assumptions.abort("jnr-ffi cannot call libc here, so neither outcome can be checked: " + e);
            return -1;
        }
    }

    @Test
    void openNamesWhatIsMissingOrAnMsaRoundTripsThroughTheKernel() throws Exception {
        int errno = pfKeySocketErrno();
        PfKeySinkFactory factory = new PfKeySinkFactory();
        if (errno == Errno.EAFNOSUPPORT || errno == Errno.EPROTONOSUPPORT) {
            assertThatThrownBy(() -> factory.open(host, (id, hard) -> { })).isInstanceOf(SaException.class)
                    .hasMessageContaining("the kernel has no PF_KEY").hasMessageContaining("load module af_key")
                    .hasMessageContaining(Errno.name(errno) + " (" + errno + ")")
                    .satisfies(e -> System.out.println("pfkey sink refused on this kernel: " + e.getMessage()));
            return;
        }
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            assertThatThrownBy(() -> factory.open(host, (id, hard) -> { })).hasMessageContaining("CAP_NET_ADMIN");
            return;
        }
        assertThat(errno).as("socket(PF_KEY) failed with an errno the sink does not explain").isZero();
        SaSink sink;
        try {
            sink = factory.open(host, (id, hard) -> { });
        } catch (SaException e) {
            System.out.println("pfkey sink refused on this kernel: " + e.getMessage());
            assertThat(e.getMessage()).containsAnyOf("esp4", "CAP_NET_ADMIN");
            return;
        }
        try (sink) {
            System.out.println("pfkey sink opened on this kernel: " + sink.capabilities());
            assertThat(sink.capabilities()).contains(SaCapability.KERNEL, SaCapability.ESP)
                    .containsAnyOf(SaCapability.IPV4, SaCapability.IPV6).doesNotContain(SaCapability.AH);
            boolean v4 = sink.capabilities().contains(SaCapability.IPV4);
            Msa msa = new Msa(new SaId(0x4d4bff01, v4 ? "233.252.0.77" : "ff3e::4d:77", IpsecProtocol.ESP),
                    GroupId.of("realkernel"), MemberId.of("s01"), 1, v4 ? "192.0.2.77" : "2001:db8::4d:1", 0, 0,
                    "cbc(aes)", new byte[16], "hmac(sha1)", new byte[20], 96, "none", 32, 50, 60, Direction.INBOUND);
            sink.install(msa);
            assertThat(sink.list()).containsExactly(msa);
            assertThat(kernelHas(msa)).as("SADB_GET after install").isZero();
            sink.delete(msa.id());
            assertThat(sink.list()).isEmpty();
            assertThat(kernelHas(msa)).as("SADB_GET after delete").isEqualTo(Errno.ESRCH);
        }
    }

    /** @return the errno of SADB_GET for the MSA's SA on a socket of its own (0: the kernel has it) */
    static int kernelHas(Msa msa) throws Exception {
        try (PfKeySocketChannel ch = PfKeySocketChannel.open(m -> { })) {
            PfKey.Message del = PfKeyMapping.delete(ch.nextSeq(), ch.pid(), msa);
            return ch.request(new PfKey.Message(PfKey.SADB_GET, 0, del.satype(), del.seq(), del.pid(), del.extensions()))
                    .errno();
        }
    }
}
