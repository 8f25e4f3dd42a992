package org.miked.auth.sig.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.miked.api.MemberId;
import org.miked.api.auth.AuthException;
import org.miked.api.auth.AuthSession;
import org.miked.testkit.TestNetwork;
import org.miked.testkit.TestPolicies;
import org.junit.jupiter.api.Test;

class SigSchemeTest {
    private final TestPolicies policies = new TestPolicies("g", 2, 42);
    private final TestNetwork net = new TestNetwork(1);
    private final MemberId s1 = TestPolicies.senderId(1);
    private final MemberId s2 = TestPolicies.senderId(2);
    private final MemberId r1 = TestPolicies.receiverId(1);

    private AuthSession at(MemberId host, boolean sender) {
        var p = sender ? policies.sender(host) : policies.receiver(host, s1, false);
        return new SigScheme().open(p, net.runtime(host));
    }

    @Test
    void sealedMessageOpensAtPeerAndCarriesSender() throws AuthException {
        byte[] msg = "rekey 7".getBytes();
        byte[] sealed = at(s1, true).seal(msg);
        assertThat(sealed).hasSize(msg.length + 64);
        var out = at(r1, false).open(s1, sealed);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).from()).isEqualTo(s1);
        assertThat(out.get(0).message()).isEqualTo(msg);
    }

    @Test
    void forgedTruncatedAndWrongSignerAreRejectedWithReason() {
        AuthSession receiver = at(r1, false);
        byte[] sealed = at(s1, true).seal("epoch 3".getBytes());
        byte[] flipped = sealed.clone();
        flipped[2] ^= 0x40;
        assertThatThrownBy(() -> receiver.open(s1, flipped)).isInstanceOf(AuthException.class)
                .hasMessageContaining("bad Ed25519 signature");
        // s2's valid signature does not pass as s1's
        byte[] bySecond = at(s2, true).seal("epoch 3".getBytes());
        assertThatThrownBy(() -> receiver.open(s1, bySecond)).hasMessageContaining("bad Ed25519 signature");
        assertThatThrownBy(() -> receiver.open(s1, new byte[10])).hasMessageContaining("truncated");
        // a receiver's policy holds no key for another receiver
        assertThatThrownBy(() -> receiver.open(MemberId.of("r99999"), sealed)).hasMessageContaining("no valid public key");
    }

    @Test
    void hostWithoutSigningKeyCannotSeal() {
        var p = policies.sender(s1);
        var noKey = p.forHost(p.role(), p.keyServer(), false,
                new org.miked.api.policy.Credentials(new byte[0], java.util.Map.of(), java.util.Map.of()));
        AuthSession s = new SigScheme().open(noKey, net.runtime(s1));
        assertThatThrownBy(() -> s.seal(new byte[1])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no signing key");
    }
}
