package org.miked.dh.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link DhGroup#decode}, the validation of every DH element a peer sends (BD's z
 * and X, GDH's partial values; docs/fuzzing.md). Input: byte 0 picks the group (its code mod 3: P-256,
 * ffdhe2048, ffdhe3072); the rest is the element, cut or zero-padded to the group's length unless bit 7 of
 * byte 0 is set (then taken as it is, to reach the length check).
 *
 * <p>Invariants: only {@link InvalidElementException} escapes; an accepted element is not the identity, its
 * canonical encoding is the input (no second spelling of an element), and it lies in the prime-order
 * subgroup, checked independently of the decoder: for the FFDHE groups y^q = 1 mod p by modular
 * exponentiation (the decoder uses the Jacobi symbol), for P-256 (cofactor 1) the point times q is the
 * point at infinity.
 */
class DhElementFuzzTest {

    @FuzzTest
    void decode(byte[] data) {
        if (data.length == 0) {
            return;
        }
        DhGroup g = DhGroups.all().get((data[0] & 0x7f) % 3);
        byte[] encoded = Arrays.copyOfRange(data, 1, data.length);
        if ((data[0] & 0x80) == 0) {
            encoded = Arrays.copyOf(encoded, g.elementBytes());
        }
        Element e;
        try {
            e = g.decode(encoded);
        } catch (InvalidElementException ex) {
            assertThat(ex.reason()).isIn("length", "identity", "encoding", "not-on-curve", "out-of-range",
                    "not-in-subgroup");
            return;
        }
        assertThat(e.group()).isSameAs(g);
        assertThat(e.encoded()).isEqualTo(encoded);
        assertThat(g.isIdentity(e)).isFalse();
        if (g instanceof FfdheGroup) {
            BigInteger p = g.order().shiftLeft(1).add(BigInteger.ONE);
            assertThat(new BigInteger(1, encoded).modPow(g.order(), p)).isEqualTo(BigInteger.ONE);
        } else {
            assertThat(g.isIdentity(g.exp(e, g.order()))).isTrue();
        }
    }
}
