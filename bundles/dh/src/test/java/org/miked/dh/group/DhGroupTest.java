package org.miked.dh.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.miked.common.crypto.Hex;
import org.miked.common.crypto.Randoms;

class DhGroupTest {

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "ffdhe2048", "ffdhe3072"})
    void diffieHellmanCommutesAndEncodingsRoundTrip(String name) {
        DhGroup g = DhGroups.byName(name);
        var rnd = Randoms.deterministic(1, name);
        BigInteger a = g.randomExponent(rnd);
        BigInteger b = g.randomExponent(rnd);
        Element ga = g.expGenerator(a);
        Element gb = g.expGenerator(b);
        assertThat(g.exp(ga, b)).isEqualTo(g.exp(gb, a));
        assertThat(g.exp(g.generator(), a)).isEqualTo(ga);
        assertThat(ga.encoded()).hasSize(g.elementBytes());
        assertThat(g.multiply(ga, g.invert(ga))).isEqualTo(g.identity());
        assertThat(g.exp(g.generator(), g.order())).isEqualTo(g.identity());
        assertThat(new DhOps(g)).satisfies(ops -> {
            try {
                assertThat(ops.decode(ga.encoded())).isEqualTo(ga);
            } catch (InvalidElementException e) {
                throw new AssertionError(e);
            }
            assertThat(ops.validations()).isEqualTo(1);
        });
        assertThatThrownBy(() -> g.decode(g.identity().encoded())).isInstanceOf(InvalidElementException.class)
                .hasMessageContaining("identity");
        assertThatThrownBy(() -> g.decode(new byte[g.elementBytes() - 1])).hasMessageContaining("bytes");
    }

    @Test
    void p256GeneratorMatchesSec2() {
        // SEC 2 v2, 2.4.2: G = 03 6B17D1F2 E12C4247 F8BCE6E5 63A440F2 77037D81 2DEB33A0 F4A13945 D898C296
        assertThat(Hex.encode(DhGroups.byName("P-256").generator().encoded()))
                .isEqualTo("036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
    }

    @Test
    void p256RejectsOffCurveAndNonFieldAndUncompressed() {
        DhGroup g = DhGroups.byName("P-256");
        int offCurve = 0;
        for (int x = 1; x < 40; x++) {
            byte[] b = new byte[33];
            b[0] = 2;
            b[32] = (byte) x;
            try {
                g.decode(b);
            } catch (InvalidElementException e) {
                assertThat(e.reason()).isEqualTo("not-on-curve");
                offCurve++;
            }
        }
        assertThat(offCurve).isGreaterThan(5); // about half of all x have no point
        byte[] big = Hex.decode("02" + "ff".repeat(32));
        assertThatThrownBy(() -> g.decode(big)).hasMessageContaining("field prime");
        byte[] unc = Hex.decode("04" + "00".repeat(32));
        assertThatThrownBy(() -> g.decode(unc)).hasMessageContaining("not a compressed point");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ffdhe2048", "ffdhe3072"})
    void jacobiEqualsEulersCriterionForFfdhe(String name) {
        FfdheGroup g = (FfdheGroup) DhGroups.byName(name);
        BigInteger p = g.modulus();
        var rnd = Randoms.deterministic(2, name);
        for (int k = 0; k < 8; k++) {
            BigInteger y = new BigInteger(1, rnd.bytes(g.elementBytes())).mod(p);
            boolean euler = y.modPow(g.order(), p).equals(BigInteger.ONE);
            assertThat(FfdheGroup.jacobi(y, p) == 1).isEqualTo(euler);
        }
        BigInteger nonResidue = p.subtract(BigInteger.TWO);
        assertThat(nonResidue.modPow(g.order(), p)).isNotEqualTo(BigInteger.ONE);
        assertThatThrownBy(() -> g.decode(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(g.elementBytes(),
                nonResidue))).isInstanceOfSatisfying(InvalidElementException.class,
                        e -> assertThat(e.reason()).isEqualTo("not-in-subgroup"));
        assertThatThrownBy(() -> g.decode(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(g.elementBytes(),
                p.subtract(BigInteger.ONE)))).hasMessageContaining("1 < y < p-1");
        assertThatThrownBy(() -> g.decode(new byte[g.elementBytes()])).hasMessageContaining("1 < y < p-1");
    }

    @Test
    void unknownGroupNamesAreRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> DhGroups.byName("P-384")).hasMessageContaining("P-256, ffdhe2048, ffdhe3072");
        assertThat(DhGroups.byName("secp256r1").name()).isEqualTo("P-256");
    }
}
