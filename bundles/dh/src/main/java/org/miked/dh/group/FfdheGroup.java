package org.miked.dh.group;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.DHParameters;
import org.bouncycastle.util.BigIntegers;

/**
 * A finite-field group of RFC 7919 (p a safe prime, g = 2, q = (p-1)/2). Elements travel as fixed-length
 * big-endian integers (256 bytes for ffdhe2048). Validation: 1 &lt; y &lt; p-1 and y^q = 1. For a safe
 * prime the subgroup of order q is exactly the quadratic residues, so y^q = 1 is checked as the Jacobi
 * symbol (y/p) = 1 (Euler's criterion), which costs a gcd-like loop instead of a full-size modPow.
 */
final class FfdheGroup extends DhGroup {
    private final String name;
    private final int code;
    private final BigInteger p;
    private final BigInteger q;
    private final BigInteger pMinus1;
    private final int bytes;
    private final Element generator;
    private final Element identity;

    FfdheGroup(String name, int code, DHParameters params) {
        this.name = name;
        this.code = code;
        this.p = params.getP();
        this.q = p.subtract(BigInteger.ONE).shiftRight(1);
        if (params.getQ() != null && !params.getQ().equals(q)) {
            throw new IllegalStateException(name + ": q is not (p-1)/2");
        }
        this.pMinus1 = p.subtract(BigInteger.ONE);
        this.bytes = (p.bitLength() + 7) / 8;
        this.generator = new Element(this, params.getG(), null);
        this.identity = new Element(this, BigInteger.ONE, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public BigInteger order() {
        return q;
    }

    /** @return the prime modulus p (tests) */
    BigInteger modulus() {
        return p;
    }

    @Override
    public int elementBytes() {
        return bytes;
    }

    @Override
    public Element generator() {
        return generator;
    }

    private static BigInteger v(Element e) {
        return (BigInteger) e.value();
    }

    @Override
    public Element exp(Element base, BigInteger e) {
        return new Element(this, v(base).modPow(e.mod(q), p), null);
    }

    @Override
    public Element expGenerator(BigInteger e) {
        return exp(generator, e);
    }

    @Override
    public Element multiply(Element a, Element b) {
        return new Element(this, v(a).multiply(v(b)).mod(p), null);
    }

    @Override
    public Element invert(Element a) {
        return new Element(this, v(a).modInverse(p), null);
    }

    @Override
    public Element identity() {
        return identity;
    }

    @Override
    public Element decode(byte[] encoded) throws InvalidElementException {
        if (encoded.length != bytes) {
            throw new InvalidElementException("length", name + " element must be " + bytes + " bytes, got " + encoded.length);
        }
        BigInteger y = new BigInteger(1, encoded);
        if (y.equals(BigInteger.ONE)) {
            throw new InvalidElementException("identity", name + " element is the identity 1");
        }
        if (y.signum() == 0 || y.compareTo(pMinus1) >= 0) {
            throw new InvalidElementException("out-of-range", name + " element is not in 1 < y < p-1");
        }
        if (jacobi(y, p) != 1) {
            throw new InvalidElementException("not-in-subgroup", name + " element is outside the subgroup of order q (y^q != 1)");
        }
        return new Element(this, y, encoded.clone());
    }

    @Override
    byte[] encodeValue(Object value) {
        return BigIntegers.asUnsignedByteArray(bytes, (BigInteger) value);
    }

    /**
     * @param a any integer
     * @param n odd positive modulus
     * @return the Jacobi symbol (a/n): for prime n, 1 iff a is a non-zero quadratic residue
     */
    static int jacobi(BigInteger a, BigInteger n) {
        BigInteger x = a.mod(n);
        BigInteger m = n;
        int t = 1;
        while (x.signum() != 0) {
            int z = x.getLowestSetBit();
            x = x.shiftRight(z);
            int m8 = m.intValue() & 7;
            if ((z & 1) == 1 && (m8 == 3 || m8 == 5)) {
                t = -t;
            }
            if ((x.intValue() & 3) == 3 && (m.intValue() & 3) == 3) {
                t = -t;
            }
            BigInteger r = m.mod(x);
            m = x;
            x = r;
        }
        return m.equals(BigInteger.ONE) ? t : 0;
    }
}
