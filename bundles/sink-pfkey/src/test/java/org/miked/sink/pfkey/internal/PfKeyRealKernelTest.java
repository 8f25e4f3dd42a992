package org.miked.sink.pfkey.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.miked.api.MemberId;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaSink;
import org.miked.common.event.VirtualTime;
import org.miked.testkit.TestRuntime;

/**
 * Against this machine's real kernel through jnr-ffi. On the development host (2026-11) socket(PF_KEY)
 * fails with EAFNOSUPPORT: open must say that module af_key is missing.
 */
class PfKeyRealKernelTest {
    @Test
    void openEitherWorksOrNamesAfKeyOrThePrivilege() {
        TestRuntime host = new TestRuntime(MemberId.of("s01"), new VirtualTime(), 1);
        try (SaSink sink = new PfKeySinkFactory().open(host, (id, hard) -> { })) {
            System.out.println("pfkey sink opened on this kernel: " + sink.capabilities());
            assertThat(sink.capabilities()).contains(SaCapability.KERNEL);
        } catch (SaException e) {
            System.out.println("pfkey sink refused on this kernel: " + e.getMessage());
            assertThat(e.getMessage()).containsAnyOf("af_key", "CAP_NET_ADMIN", "esp4");
            if (e.getMessage().contains("EAFNOSUPPORT")) {
                assertThat(e.getMessage()).contains("af_key").contains("(97)");
            }
        }
    }
}
