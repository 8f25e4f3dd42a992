package org.miked.gmf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.miked.common.crypto.Hkdf;
import org.junit.jupiter.api.Test;
import org.miked.api.protocol.EpochKey;
import org.miked.api.sa.Direction;
import org.miked.api.sa.Msa;
import org.miked.testkit.TestPolicies;

class MsaDeriverTest {
    private final TestPolicies policies = new TestPolicies("trial", 25, 5);

    @Test
    void everyMemberDerivesTheSameMsasOnePerSenderWithDistinctSpis() {
        EpochKey k = EpochKeys.derive(new byte[32], policies.sender(TestPolicies.senderId(1)).group(), 3);
        var atS1 = MsaDeriver.derive(policies.sender(TestPolicies.senderId(1)), TestPolicies.senderId(1), k);
        var atR = MsaDeriver.derive(policies.receiver(TestPolicies.receiverId(1), TestPolicies.senderId(2), false),
                TestPolicies.receiverId(1), k);
        var suite = policies.sender(TestPolicies.senderId(1)).suite();
        assertThat(atS1).hasSize(25);
        assertThat(atS1.stream().map(m -> m.id().spi()).distinct()).hasSize(25);
        for (int i = 0; i < 25; i++) {
            Msa a = atS1.get(i);
            Msa b = atR.get(i);
            assertThat(a.id()).isEqualTo(b.id());
            assertThat(a.encryptionKey()).isEqualTo(b.encryptionKey()).hasSize(20);
            assertThat(a.sender()).isEqualTo(TestPolicies.senderId(i + 1));
            assertThat(b.direction()).isEqualTo(Direction.INBOUND);
            // the SPI and keys are the documented HKDF output (first attempt: no reserved or taken SPI here)
            byte[] okm = Hkdf.derive(k.key(), "trial".getBytes(StandardCharsets.UTF_8), "msa", 4 + 20 + suite.integrityKeyBits() / 8, "trial",
                    "3", a.sender().id(), "0");
            assertThat(a.id().spi()).isEqualTo((3 << 20) | (ByteBuffer.wrap(okm, 0, 4).getInt() & 0xfffff));
            assertThat(a.encryptionKey()).isEqualTo(Arrays.copyOfRange(okm, 4, 24));
        }
        assertThat(atS1.get(0).direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(atS1.get(0).id().destination()).isEqualTo("ff3e::4d:1");
    }

    @Test
    void differentEpochsAndSecretsGiveUnrelatedKeys() {
        var p = policies.sender(TestPolicies.senderId(1));
        List<Msa> e3 = MsaDeriver.derive(p, TestPolicies.senderId(1), EpochKeys.derive(new byte[32], p.group(), 3));
        List<Msa> e4 = MsaDeriver.derive(p, TestPolicies.senderId(1), EpochKeys.derive(new byte[32], p.group(), 4));
        byte[] other = new byte[32];
        other[0] = 1;
        List<Msa> o3 = MsaDeriver.derive(p, TestPolicies.senderId(1), EpochKeys.derive(other, p.group(), 3));
        assertThat(e3.get(0).encryptionKey()).isNotEqualTo(e4.get(0).encryptionKey())
                .isNotEqualTo(o3.get(0).encryptionKey());
        assertThat(e3.get(0).id().spi()).isNotEqualTo(e4.get(0).id().spi());
    }

    /**
     * Issue 10, finding 10: the previous epoch's MSAs stay installed for the grace period, and a kernel refuses
     * an SA whose SPI and destination are taken (create-exclusive), at every member at once. SPIs must be
     * unique against every SA still installed, whatever the keys: over 4,096 consecutive epochs of 25 senders
     * (102,400 SPIs; with 32 random bits a collision has a probability of about 70%, and this seed has one on
     * the old derivation) all are distinct.
     */
    @Test
    void spisOfEpochsThatCanBeInstalledTogetherNeverCollide() {
        var p = policies.sender(TestPolicies.senderId(1));
        java.util.Map<Integer, Long> seen = new java.util.HashMap<>();
        java.util.Random keys = new java.util.Random(10);
        for (long epoch = 1_000_000; epoch < 1_000_000 + 4096; epoch++) {
            byte[] ke = new byte[32];
            keys.nextBytes(ke);
            for (Msa m : MsaDeriver.derive(p, TestPolicies.senderId(1), new EpochKey(epoch, ke))) {
                Long before = seen.put(m.id().spi(), epoch);
                assertThat(before).as("SPI %08x of epoch %d was epoch %s's", m.id().spi(), epoch, before).isNull();
            }
        }
        assertThat(seen).hasSize(4096 * 25);
    }
}
