package org.miked.sim.network;

import java.util.Objects;

/**
 * The quality of one directed simulated link. Every datagram copy that crosses it is lost with
 * probability {@code loss}, otherwise delivered after {@code delayMillis + uniform[0, jitterMillis]} ms,
 * and delivered a second time (with its own jitter) with probability {@code duplicate}. A copy is
 * corrupted in flight with probability {@code corrupt}: one bit, chosen at random, is flipped (a bad
 * checksum that slipped through, or an attacker's modification).
 *
 * @param name the link class, e.g. {@code "default"}, {@code "wideband"}, {@code "radio"}; traffic is
 *     counted per class ({@link SimNetwork#linkStats()})
 * @param loss probability in [0, 1] that a copy is lost
 * @param delayMillis fixed one-way delay, at least 0
 * @param jitterMillis extra uniform delay bound, at least 0 (jitter reorders datagrams)
 * @param duplicate probability in [0, 1] that a delivered copy arrives twice
 * @param corrupt probability in [0, 1] that a delivered copy has one bit flipped
 */
public record Link(String name, double loss, long delayMillis, long jitterMillis, double duplicate, double corrupt) {

    /** Name of the class of the default link. */
    public static final String DEFAULT = "default";

    public Link {
        Objects.requireNonNull(name, "name");
        if (!(loss >= 0 && loss <= 1)) {
            throw new IllegalArgumentException("loss must be in [0, 1]: " + loss);
        }
        if (!(duplicate >= 0 && duplicate <= 1)) {
            throw new IllegalArgumentException("duplicate must be in [0, 1]: " + duplicate);
        }
        if (!(corrupt >= 0 && corrupt <= 1)) {
            throw new IllegalArgumentException("corrupt must be in [0, 1]: " + corrupt);
        }
        if (delayMillis < 0 || jitterMillis < 0) {
            throw new IllegalArgumentException("delay and jitter must be >= 0: " + delayMillis + ", " + jitterMillis);
        }
    }

    /** A link that corrupts nothing. */
    public Link(String name, double loss, long delayMillis, long jitterMillis, double duplicate) {
        this(name, loss, delayMillis, jitterMillis, duplicate, 0);
    }

    /**
     * @param loss loss probability
     * @param delayMillis fixed delay
     * @param jitterMillis jitter bound
     * @return a link of class {@value #DEFAULT} that never duplicates
     */
    public static Link of(double loss, long delayMillis, long jitterMillis) {
        return new Link(DEFAULT, loss, delayMillis, jitterMillis, 0);
    }

    /**
     * @param className the link class
     * @return this link under another class name
     */
    public Link named(String className) {
        return new Link(className, loss, delayMillis, jitterMillis, duplicate, corrupt);
    }

    /**
     * @param probability duplication probability
     * @return this link with another duplication probability
     */
    public Link withDuplicate(double probability) {
        return new Link(name, loss, delayMillis, jitterMillis, probability, corrupt);
    }

    /**
     * @param probability corruption probability
     * @return this link flipping one bit of a copy with that probability
     */
    public Link withCorrupt(double probability) {
        return new Link(name, loss, delayMillis, jitterMillis, duplicate, probability);
    }
}
