package org.miked.dh.group;

import java.math.BigInteger;
import org.miked.api.runtime.RandomSource;

/**
 * A cyclic group of prime order q in which Diffie-Hellman is hard, with a fixed-length element encoding.
 * Implementations are stateless and thread-safe. Use {@link DhOps} in protocol cores so that operations
 * are counted.
 */
public abstract class DhGroup {
    DhGroup() {
    }

    /** @return the policy name ({@code P-256}, {@code ffdhe2048}, {@code ffdhe3072}) */
    public abstract String name();

    /** @return the one-byte wire code of the group */
    public abstract int code();

    /** @return the prime order q of the group */
    public abstract BigInteger order();

    /** @return the length of every encoded element */
    public abstract int elementBytes();

    /** @return the generator g */
    public abstract Element generator();

    /**
     * @param base element
     * @param e exponent, reduced mod q by the caller or not
     * @return base^e
     */
    public abstract Element exp(Element base, BigInteger e);

    /** @return g^e (may use fixed-base precomputation) */
    public abstract Element expGenerator(BigInteger e);

    /** @return a * b */
    public abstract Element multiply(Element a, Element b);

    /** @return a^-1 */
    public abstract Element invert(Element a);

    /** @return the identity element (never accepted by {@link #decode(byte[])}) */
    public abstract Element identity();

    /**
     * Parses and validates a received element.
     *
     * @param encoded exactly {@link #elementBytes()} bytes
     * @return the element, guaranteed to be in the prime-order subgroup and not the identity
     * @throws InvalidElementException naming why the bytes are not acceptable
     */
    public abstract Element decode(byte[] encoded) throws InvalidElementException;

    abstract byte[] encodeValue(Object value);

    /**
     * @param random injected randomness
     * @return a uniform exponent in [1, q-1]
     */
    public BigInteger randomExponent(RandomSource random) {
        BigInteger q = order();
        int bytes = (q.bitLength() + 7) / 8 + 8; // 64 extra bits make the reduction bias negligible
        BigInteger r = new BigInteger(1, random.bytes(bytes));
        return r.mod(q.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    }

    /** @return true if a is the identity */
    public boolean isIdentity(Element a) {
        return a.equals(identity());
    }

    @Override
    public String toString() {
        return name();
    }
}
