package org.miked.auth.tesla.wire;

import java.util.Arrays;

/**
 * The signed parameters of one key chain, as carried in a bootstrap trailer (untrusted until its signature
 * or its commitment has been checked by the receiver).
 *
 * @param commitIndex index j of the committed key
 * @param commitment the key K_j (16 bytes): every later key of the chain hashes to it
 * @param startMillis T0: sender clock time at which interval 0 starts (interval i spans
 *     {@code [T0 + i*T, T0 + (i+1)*T)})
 * @param intervalMillis T, the interval length
 * @param delayIntervals d: the key of interval i is disclosed from interval i+d on
 * @param chainLength L: the chain has keys K_0 .. K_L; intervals 1..L carry MACs
 * @param macBytes length of every MAC under this chain
 * @param signature Ed25519 signature of the key server (64 bytes), or empty while encoding
 */
public record Bootstrap(long commitIndex, byte[] commitment, long startMillis, long intervalMillis, int delayIntervals,
        long chainLength, int macBytes, byte[] signature) {

    public Bootstrap {
        commitment = commitment.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] commitment() {
        return commitment.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** @return this bootstrap with a signature */
    public Bootstrap withSignature(byte[] sig) {
        return new Bootstrap(commitIndex, commitment, startMillis, intervalMillis, delayIntervals, chainLength, macBytes,
                sig);
    }

    /** @return true if both describe the same chain timing and MAC length (commitments may differ) */
    public boolean sameSchedule(Bootstrap o) {
        return startMillis == o.startMillis && intervalMillis == o.intervalMillis && delayIntervals == o.delayIntervals
                && chainLength == o.chainLength && macBytes == o.macBytes;
    }

    /** @return sender time from which the key of interval i may be disclosed: T0 + (i + d) * T */
    public long disclosureTime(long interval) {
        return startMillis + (interval + delayIntervals) * intervalMillis;
    }

    /** @return sender time at which interval i starts */
    public long intervalStart(long interval) {
        return startMillis + interval * intervalMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bootstrap b && sameSchedule(b) && commitIndex == b.commitIndex
                && Arrays.equals(commitment, b.commitment) && Arrays.equals(signature, b.signature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(startMillis) * 31 + Long.hashCode(commitIndex);
    }

    @Override
    public String toString() {
        return "Bootstrap[j=" + commitIndex + ", T0=" + startMillis + ", T=" + intervalMillis + ", d=" + delayIntervals
                + ", L=" + chainLength + ", mac=" + macBytes + "]";
    }
}
