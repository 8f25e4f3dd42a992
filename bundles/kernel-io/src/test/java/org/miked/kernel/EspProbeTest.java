package org.miked.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.miked.api.sa.SaCapability;

class EspProbeTest {
    /** Answers the adds from a script; records every request. */
    static final class Script implements EspProbe.Kernel {
        final Deque<EspProbe.Answer> answers = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();

        Script answer(int errno, String text) {
            answers.add(new EspProbe.Answer(errno, text));
            return this;
        }

        @Override
        public EspProbe.Answer add(boolean v6, byte[] src, byte[] dst) {
            calls.add("add " + (v6 ? "v6 " : "v4 ") + src.length + "/" + dst.length);
            return answers.remove();
        }

        @Override
        public void delete(boolean v6, byte[] src, byte[] dst) {
            calls.add("delete " + (v6 ? "v6" : "v4"));
        }
    }

    @Test
    void reportsTheFamiliesWithEspAndDeletesTheProbe() throws Exception {
        Script k = new Script().answer(0, "").answer(Errno.EPROTONOSUPPORT, "Requested type not found");
        assertThat(EspProbe.run("t", "T", "ADD", "a/b", k)).containsExactlyInAnyOrder(SaCapability.ESP,
                SaCapability.IPV4, SaCapability.EXPIRE_EVENTS, SaCapability.POLICIES, SaCapability.KERNEL);
        assertThat(k.calls).containsExactly("add v4 4/4", "delete v4", "add v6 16/16");
    }

    @Test
    void anotherProbeOrAMissingAlgorithmStillMeansEsp() throws Exception {
        Script k = new Script().answer(Errno.EEXIST, "").answer(Errno.ENOSYS, "no such algorithm");
        assertThat(EspProbe.run("t", "T", "ADD", "a/b", k)).contains(SaCapability.IPV4, SaCapability.IPV6)
                .doesNotContain(SaCapability.AH);
        assertThat(k.calls).containsExactly("add v4 4/4", "add v6 16/16");
    }

    @Test
    void noFamilyOrNoPrivilegeFailsNamingTheModulesOrTheCapability() {
        assertThatThrownBy(() -> EspProbe.run("xfrm", "XFRM netlink", "NEWSA", "a/b", new Script()
                .answer(Errno.EPROTONOSUPPORT, "Requested type not found").answer(Errno.EPROTONOSUPPORT, "")))
                .hasMessage("xfrm sink unavailable: XFRM netlink answers, but the kernel cannot install ESP SAs: no ESP "
                        + "for IPv4: probe NEWSA refused with EPROTONOSUPPORT 'Requested type not found' (load module "
                        + "esp4); no ESP for IPv6: probe NEWSA refused with EPROTONOSUPPORT (load module esp6)");
        assertThatThrownBy(() -> EspProbe.run("t", "T", "ADD", "a/b", new Script().answer(Errno.EPERM, "")))
                .hasMessageContaining("refused with EPERM").hasMessageContaining("CAP_NET_ADMIN");
    }
}
