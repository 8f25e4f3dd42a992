package org.miked.api.sa;

import java.util.Objects;
import org.miked.api.GroupId;
import org.miked.api.MemberId;

/**
 * A multicast security association: every field the paper's section 4 and DESIGN.md list. Key arrays are
 * copied in and out; an {@code Msa} never changes.
 *
 * @param id SPI, destination and protocol
 * @param group the group it protects
 * @param sender the sender whose traffic it protects (one MSA per sender)
 * @param epoch the group epoch whose key it was derived from
 * @param source source address (the sender's)
 * @param sourcePort source port, 0 for any
 * @param destinationPort destination port, 0 for any
 * @param encryption encryption algorithm (kernel name)
 * @param encryptionKey encryption key (for GCM including salt)
 * @param integrity group-authentication MAC algorithm, or {@code "none"}
 * @param integrityKey MAC key (empty with {@code "none"})
 * @param icvBits ICV length in bits
 * @param sourceAuthentication source authentication scheme
 * @param replayWindow anti-replay window in packets (0 disables replay checks)
 * @param softLifetimeS soft lifetime in seconds
 * @param hardLifetimeS hard lifetime in seconds
 * @param direction this host's direction
 */
public record Msa(SaId id, GroupId group, MemberId sender, long epoch, String source, int sourcePort,
        int destinationPort, String encryption, byte[] encryptionKey, String integrity, byte[] integrityKey,
        int icvBits, String sourceAuthentication, int replayWindow, long softLifetimeS, long hardLifetimeS,
        Direction direction) {

    public Msa {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(direction, "direction");
        encryptionKey = encryptionKey.clone();
        integrityKey = integrityKey.clone();
    }

    @Override
    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    @Override
    public byte[] integrityKey() {
        return integrityKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Msa m && id.equals(m.id) && group.equals(m.group) && sender.equals(m.sender)
                && epoch == m.epoch && direction == m.direction
                && java.util.Arrays.equals(encryptionKey, m.encryptionKey)
                && java.util.Arrays.equals(integrityKey, m.integrityKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, group, sender, epoch, direction);
    }

    /** Key material is never printed. */
    @Override
    public String toString() {
        return "Msa[" + id + " group=" + group + " sender=" + sender + " epoch=" + epoch + " " + direction + " "
                + source + " -> " + id.destination() + " " + encryption + "/" + integrity + "]";
    }
}
