package org.miked.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miked.api.policy.CryptoSuite;
import org.miked.api.policy.Credentials;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.PolicyException;
import org.miked.api.policy.SenderEntry;
import org.miked.api.protocol.EpochKey;
import org.miked.api.sa.Direction;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaId;

/** The invariants the api records enforce themselves (the policy bundle validates everything else). */
class RecordsTest {
    private static final MemberId S1 = MemberId.of("s01");

    @Test
    void identitiesRejectWhatCannotTravelInHeadersOrShellArguments() {
        assertThat(GroupId.of("trial-1.a_b").name()).isEqualTo("trial-1.a_b");
        assertThat(MemberId.of("fd00::12").id()).isEqualTo("fd00::12");
        assertThatThrownBy(() -> GroupId.of("")).hasMessageContaining("group name");
        assertThatThrownBy(() -> GroupId.of("a b")).hasMessageContaining("'a b'");
        assertThatThrownBy(() -> GroupId.of("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemberId.of("r/1")).hasMessageContaining("member id");
    }

    private static GroupPolicy policy(MemberId server, long soft, long hard, boolean emcon,
            org.miked.api.Role role) {
        return new GroupPolicy(GroupId.of("g"), role, "ff3e::1", 0, "ff3e::2", 5000,
                List.of(new SenderEntry(S1, "fd00::1")), server, "bd", "lkh", "sig", "sig", "memory", Map.of("x", "7"),
                CryptoSuite.DEFAULT, soft, hard, 100, 0, emcon, List.of(), Credentials.NONE);
    }

    @Test
    void policyRejectsWhatNoLayerCouldWorkWithNamingGroupAndField() {
        GroupPolicy ok = policy(S1, 10, 20, false, Role.SENDER);
        assertThat(ok.intParam("x", 0)).isEqualTo(7);
        assertThat(ok.intParam("y", 3)).isEqualTo(3);
        assertThatThrownBy(() -> policy(MemberId.of("s09"), 10, 20, false, Role.RECEIVER))
                .isInstanceOf(PolicyException.class).hasMessageContaining("group 'g'").hasMessageContaining("'keyServer'");
        assertThatThrownBy(() -> policy(S1, 20, 10, false, Role.SENDER)).hasMessageContaining("'lifetime'");
        assertThatThrownBy(() -> policy(S1, 10, 20, true, Role.SENDER)).hasMessageContaining("'emcon'");
        GroupPolicy bad = new GroupPolicy(GroupId.of("g"), Role.SENDER, "ff3e::1", 0, "ff3e::2", 5000,
                List.of(new SenderEntry(S1, "fd00::1")), S1, "bd", "lkh", "sig", "sig", "memory", Map.of("n", "x7"),
                CryptoSuite.DEFAULT, 10, 20, 100, 0, false, List.of(), Credentials.NONE);
        assertThatThrownBy(() -> bad.intParam("n", 0)).hasMessageContaining("'n': not an integer");
    }

    /** Asserts a toString shows none of the key's bytes, in any of the forms a leak would take. */
    private static void assertRedacted(String printed, byte[] secret) {
        assertThat(printed).doesNotContain(HexFormat.of().formatHex(secret))
                .doesNotContain(Arrays.toString(secret).replace("]", "")) // Arrays.toString, also as prefix
                .doesNotContain("[B@"); // the record's default toString prints arrays by identity
    }

    @Test
    void keyMaterialIsCopiedInAndOutAndNeverPrinted() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x5c);
        byte[] secret = key.clone();
        Map<MemberId, byte[]> peers = new HashMap<>();
        peers.put(S1, new byte[] {1, 2});
        Credentials c = new Credentials(key, peers, Map.of());
        key[0] = 9;
        peers.get(S1)[0] = 9;
        assertThat(c.signingKey()[0]).isEqualTo((byte) 0x5c);
        assertThat(c.verifyKey(S1)[0]).isEqualTo((byte) 1);
        c.signingKey()[1] = 5;
        assertThat(c.signingKey()[1]).isEqualTo((byte) 0x5c);
        assertRedacted(c.toString(), secret);
        assertThat(c.toString()).contains("signingKey=<32 bytes>").doesNotContain("individualKeys={");

        byte[] enc = {0x3d, 0x3d, 0x3d, 0x3d};
        byte[] integ = {0x4e, 0x4e, 0x4e, 0x4e};
        Msa m = new Msa(new SaId(0x1234, "ff3e::1", IpsecProtocol.ESP), GroupId.of("g"), S1, 1, "fd00::1", 0, 0,
                "cbc(aes)", enc, "hmac(sha256)", integ, 128, "none", 64, 10, 20, Direction.INBOUND);
        enc[0] = 0;
        assertThat(m.encryptionKey()[0]).isEqualTo((byte) 0x3d);
        assertRedacted(m.toString(), new byte[] {0x3d, 0x3d, 0x3d, 0x3d});
        assertRedacted(m.toString(), integ);
        // the override's own format; the default would print "encryptionKey=" and "integrityKey="
        assertThat(m.toString()).contains("0x00001234").contains("cbc(aes)/hmac(sha256)")
                .doesNotContain("encryptionKey").doesNotContain("integrityKey");
        assertThat(new EpochKey(3, new byte[32]).toString()).isEqualTo("EpochKey[epoch=3]");
        assertThatThrownBy(() -> new EpochKey(1, new byte[16])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SaId(255, "ff3e::1", IpsecProtocol.ESP)).hasMessageContaining("reserved");
    }
}
