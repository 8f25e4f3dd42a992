package org.miked.dh.group;

import java.math.BigInteger;

/**
 * A protocol session's view of its group that counts what it costs: full exponentiations (scalar
 * multiplications), group operations and validations of received elements. One per session; not
 * thread-safe (sessions run on one event loop).
 */
public final class DhOps {
    private final DhGroup group;
    private long fullExps;
    private long mults;
    private long validations;

    public DhOps(DhGroup group) {
        this.group = group;
    }

    /** @return the group */
    public DhGroup group() {
        return group;
    }

    /** @return base^e; one full exponentiation */
    public Element exp(Element base, BigInteger e) {
        fullExps++;
        return group.exp(base, e);
    }

    /** @return g^e; one full exponentiation */
    public Element expGenerator(BigInteger e) {
        fullExps++;
        return group.expGenerator(e);
    }

    /** @return a * b; one group operation */
    public Element mul(Element a, Element b) {
        mults++;
        return group.multiply(a, b);
    }

    /** @return a / b; one inversion and one group operation (counted as one operation: cheap in both groups) */
    public Element div(Element a, Element b) {
        mults++;
        return group.multiply(a, group.invert(b));
    }

    /**
     * @param encoded received bytes
     * @return the validated element
     * @throws InvalidElementException naming why it is not acceptable
     */
    public Element decode(byte[] encoded) throws InvalidElementException {
        validations++;
        return group.decode(encoded);
    }

    /** @return full exponentiations so far */
    public long fullExps() {
        return fullExps;
    }

    /** @return group operations so far */
    public long mults() {
        return mults;
    }

    /** @return received elements validated so far */
    public long validations() {
        return validations;
    }
}
