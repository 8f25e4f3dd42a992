package org.miked.dh.group;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * NIST P-256 (secp256r1) through Bouncy Castle's custom curve arithmetic. Elements travel as 33-byte
 * compressed points (SEC 1, 2.3.3). The cofactor is 1, so every point on the curve other than the
 * identity generates the whole prime-order group: validation is "x is a field element, x^3 + ax + b has
 * a square root, the point is not the identity".
 */
final class EcGroup extends DhGroup {
    static final int CODE = 1;
    private static final int BYTES = 33;
    private final ECCurve curve;
    private final ECPoint g;
    private final BigInteger n;
    private final BigInteger p;
    private final ECMultiplier fixed = new FixedPointCombMultiplier();
    private final Element generator;
    private final Element identity;

    EcGroup() {
        X9ECParameters x9 = CustomNamedCurves.getByName("P-256");
        curve = x9.getCurve();
        g = x9.getG().normalize();
        n = x9.getN();
        p = curve.getField().getCharacteristic();
        if (!x9.getH().equals(BigInteger.ONE)) {
            throw new IllegalStateException("P-256 cofactor must be 1");
        }
        generator = new Element(this, g, null);
        identity = new Element(this, curve.getInfinity(), new byte[BYTES]);
    }

    @Override
    public String name() {
        return "P-256";
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public BigInteger order() {
        return n;
    }

    @Override
    public int elementBytes() {
        return BYTES;
    }

    @Override
    public Element generator() {
        return generator;
    }

    private static ECPoint point(Element e) {
        return (ECPoint) e.value();
    }

    @Override
    public Element exp(Element base, BigInteger e) {
        return new Element(this, point(base).multiply(e.mod(n)), null);
    }

    @Override
    public Element expGenerator(BigInteger e) {
        return new Element(this, fixed.multiply(g, e.mod(n)), null);
    }

    @Override
    public Element multiply(Element a, Element b) {
        return new Element(this, point(a).add(point(b)), null);
    }

    @Override
    public Element invert(Element a) {
        return new Element(this, point(a).negate(), null);
    }

    @Override
    public Element identity() {
        return identity;
    }

    @Override
    public Element decode(byte[] encoded) throws InvalidElementException {
        if (encoded.length != BYTES) {
            throw new InvalidElementException("length", "P-256 element must be " + BYTES + " bytes, got " + encoded.length);
        }
        int prefix = encoded[0] & 0xff;
        if (prefix == 0) {
            throw new InvalidElementException("identity", "P-256 element is the identity (point at infinity)");
        }
        if (prefix != 2 && prefix != 3) {
            throw new InvalidElementException("encoding", "P-256 element prefix 0x" + Integer.toHexString(prefix)
                    + " is not a compressed point (02/03)");
        }
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, BYTES));
        if (x.compareTo(p) >= 0) {
            throw new InvalidElementException("encoding", "P-256 x coordinate is not below the field prime");
        }
        ECPoint q;
        try {
            q = curve.decodePoint(encoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidElementException("not-on-curve", "P-256 x coordinate has no point on the curve");
        }
        if (q.isInfinity()) {
            throw new InvalidElementException("identity", "P-256 element is the identity (point at infinity)");
        }
        if (!q.isValid()) {
            throw new InvalidElementException("not-on-curve", "P-256 point is not on the curve");
        }
        return new Element(this, q, encoded.clone());
    }

    @Override
    byte[] encodeValue(Object value) {
        ECPoint q = (ECPoint) value;
        return q.isInfinity() ? new byte[BYTES] : q.getEncoded(true);
    }
}
