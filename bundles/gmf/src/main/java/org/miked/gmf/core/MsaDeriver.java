package org.miked.gmf.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.policy.CryptoSuite;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.SenderEntry;
import org.miked.api.protocol.EpochKey;
import org.miked.api.runtime.CryptoMemo;
import org.miked.api.sa.Direction;
import org.miked.api.sa.Msa;
import org.miked.api.sa.SaId;
import org.miked.common.crypto.Hkdf;

/**
 * Derives the MSAs of an epoch: one per sender, each with its own SPI and keys, identical at every
 * member (DESIGN.md step 5: Linux finds an inbound SA by SPI and destination only, and anti-replay needs
 * one sender per SA).
 *
 * <pre>
 *   okm_i = HKDF(Ke(n), salt = group, info = "miked msa" | group | n | sender_i | attempt, 4 + keys)
 *   SPI_i = (n mod 4096) << 20 | (okm_i[0..4) mod 2^20)
 *           (re-derived with attempt+1 if reserved or already taken by an earlier sender of the epoch)
 *   encryption key = next encryptionKeyBits/8 bytes, integrity key = the rest
 * </pre>
 *
 * The epoch's low 12 bits in the SPI make the SPIs of any two epochs less than 4,096 apart distinct, so an
 * epoch's MSAs never collide with the previous epochs', which stay installed until no sender can still use them
 * ({@link EpochSwitches}; a kernel refuses a second SA with the same SPI and destination: issue 10, finding 10). Within an
 * epoch 20 bits leave room for 25 senders without a retry in almost every epoch.
 */
public final class MsaDeriver {
    /** Anti-replay window of the derived MSAs (packets). */
    public static final int REPLAY_WINDOW = 64;
    /** SPI bits taken from the derivation; the bits above carry the epoch's low bits. */
    static final int SPI_LOW_BITS = 20;
    /** Bits of the epoch in the top of the SPI. */
    static final int EPOCH_SPI_BITS = 32 - SPI_LOW_BITS;
    private static final int SPI_LOW_MASK = (1 << SPI_LOW_BITS) - 1;
    private static final long EPOCH_MASK = (1L << (32 - SPI_LOW_BITS)) - 1;

    private MsaDeriver() {
    }

    /** Everything a receiver's MSA set is derived from besides the epoch key (what {@link #derive} reads). */
    private record ReceiverSet(GroupId group, List<SenderEntry> senders, String dataAddress, int dataPort,
            CryptoSuite suite, long softLifetimeS, long hardLifetimeS, long epoch) {
        static ReceiverSet of(GroupPolicy p, long epoch) {
            return new ReceiverSet(p.group(), p.senders(), p.dataAddress(), p.dataPort(), p.suite(), p.softLifetimeS(),
                    p.hardLifetimeS(), epoch);
        }
    }

    /**
     * @param policy the group's policy (senders, addresses, suite, lifetimes)
     * @param self this host (decides the direction)
     * @param key the epoch key
     * @param memo where a receiver may share the (immutable, all-inbound) set with other receivers of its process
     * @return the MSAs in policy sender order
     */
    public static List<Msa> derive(GroupPolicy policy, MemberId self, EpochKey key, CryptoMemo memo) {
        if (policy.senders().stream().noneMatch(s -> s.id().equals(self))) {
            return memo.derive(key.key(), ReceiverSet.of(policy, key.epoch()),
                    () -> derive(policy, self, key));
        }
        return derive(policy, self, key);
    }

    /**
     * @param policy the group's policy (senders, addresses, suite, lifetimes)
     * @param self this host (decides the direction)
     * @param key the epoch key
     * @return the MSAs in policy sender order
     */
    public static List<Msa> derive(GroupPolicy policy, MemberId self, EpochKey key) {
        CryptoSuite suite = policy.suite();
        int encBytes = suite.encryptionKeyBits() / 8;
        int intBytes = suite.integrityKeyBits() / 8;
        byte[] salt = policy.group().name().getBytes(StandardCharsets.UTF_8);
        byte[] ke = key.key();
        Set<Integer> spis = new HashSet<>();
        List<Msa> out = new ArrayList<>(policy.senders().size());
        for (SenderEntry s : policy.senders()) {
            byte[] okm;
            int spi;
            int attempt = 0;
            do {
                okm = Hkdf.derive(ke, salt, "msa", 4 + encBytes + intBytes, policy.group().name(),
                        Long.toUnsignedString(key.epoch()), s.id().id(), Integer.toString(attempt++));
                spi = (int) ((key.epoch() & EPOCH_MASK) << SPI_LOW_BITS) | (ByteBuffer.wrap(okm, 0, 4).getInt() & SPI_LOW_MASK);
            } while (Integer.compareUnsigned(spi, 256) < 0 || !spis.add(spi));
            byte[] enc = Arrays.copyOfRange(okm, 4, 4 + encBytes);
            byte[] integ = Arrays.copyOfRange(okm, 4 + encBytes, okm.length);
            out.add(new Msa(new SaId(spi, policy.dataAddress(), suite.protocol()), policy.group(), s.id(), key.epoch(),
                    s.address(), 0, policy.dataPort(), suite.encryption(), enc, suite.integrity(), integ,
                    suite.icvBits(), suite.sourceAuthentication(), REPLAY_WINDOW, policy.softLifetimeS(),
                    policy.hardLifetimeS(), s.id().equals(self) ? Direction.OUTBOUND : Direction.INBOUND));
        }
        return List.copyOf(out);
    }
}
