package org.miked.simulator.core;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.policy.CryptoSuite;
import org.miked.api.policy.Credentials;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.SenderEntry;
import org.miked.api.runtime.RandomSource;
import org.miked.common.crypto.Ed25519;
import org.miked.common.crypto.Randoms;
import org.miked.common.net.RekeyAddresses;
import org.miked.simulator.Scenario;

/**
 * The group policy of every simulated host, as an operator would provision it: Ed25519 keys for every
 * host, each receiver assigned to a key server round-robin, individual keys provisioned offline for
 * EMCON receivers (their own key server and their backup hold them). Deterministic for a seed.
 *
 * <p>Failover (issue 11): with more than one sender, a receiver's backup key server is the next sender in
 * policy order ({@code backupKeyServers}), and each sender backs up the previous one's receivers
 * ({@code backupReceivers}, each entry {@code receiver@itsKeyServer}: their verify keys, and the EMCON ones'
 * individual keys).
 */
public final class ScenarioPolicies {
    /** The simulated group. */
    public static final GroupId GROUP = GroupId.of("fig1");
    /** The group's control address; per-server rekey channels follow it by the policy bundle's rule. */
    static final String CONTROL_ADDRESS = "ff3e::4d:2";

    private final Scenario scenario;
    private final List<MemberId> senders = new ArrayList<>();
    private final List<SenderEntry> senderEntries = new ArrayList<>();
    private final Map<MemberId, byte[]> privateKeys = new HashMap<>();
    private final Map<MemberId, byte[]> publicKeys = new HashMap<>();
    private final Map<MemberId, byte[]> individualKeys = new HashMap<>();
    private final Map<MemberId, MemberId> serverOf = new HashMap<>();
    private final Set<MemberId> emcon = new HashSet<>();
    private final Map<MemberId, byte[]> senderVerifyKeys = new HashMap<>();
    private final SecureRandom keyRandom;
    private final List<String> rekeyAddresses;

    public ScenarioPolicies(Scenario scenario) {
        this.scenario = scenario;
        this.keyRandom = Randoms.asSecureRandom(Randoms.deterministic(scenario.seed(), "provisioning"));
        RandomSource pick = Randoms.deterministic(scenario.seed(), "emcon");
        rekeyAddresses = scenario.rekeyChannels().equals("shared") ? List.of()
                : RekeyAddresses.derive(CONTROL_ADDRESS, scenario.senders());
        for (int i = 1; i <= scenario.senders(); i++) {
            MemberId s = senderId(i);
            senders.add(s);
            senderEntries.add(new SenderEntry(s, "fd00::" + Integer.toHexString(i)));
            keys(s);
        }
        for (int i = 1; i <= scenario.totalReceivers(); i++) {
            MemberId r = receiverId(i);
            keys(r);
            serverOf.put(r, senders.get((i - 1) % senders.size()));
            if (pick.nextDouble() < scenario.emconFraction()) {
                emcon.add(r);
                byte[] k = new byte[32];
                keyRandom.nextBytes(k);
                individualKeys.put(r, k);
            }
        }
        // a public key is a pure function of its private key: all cores derive them (100,000 receivers)
        List<MemberId> all = new ArrayList<>(privateKeys.keySet());
        byte[][] pub = new byte[all.size()][];
        java.util.stream.IntStream.range(0, all.size()).parallel()
                .forEach(i -> pub[i] = Ed25519.publicOf(privateKeys.get(all.get(i))));
        for (int i = 0; i < pub.length; i++) {
            publicKeys.put(all.get(i), pub[i]);
        }
        for (MemberId s : senders) {
            senderVerifyKeys.put(s, publicKeys.get(s));
        }
    }

    public static MemberId senderId(int i) {
        return MemberId.of(String.format("s%02d", i));
    }

    public static MemberId receiverId(int i) {
        return MemberId.of(String.format("r%06d", i));
    }

    private void keys(MemberId m) {
        byte[] priv = Ed25519.generatePrivate(keyRandom);
        privateKeys.put(m, priv);
    }

    public List<MemberId> senders() {
        return List.copyOf(senders);
    }

    public boolean isEmcon(MemberId receiver) {
        return emcon.contains(receiver);
    }

    public MemberId serverOf(MemberId receiver) {
        return serverOf.get(receiver);
    }

    /** @return the receiver's backup key server (the next sender in policy order), or null with one sender */
    public MemberId backupOf(MemberId receiver) {
        return senders.size() < 2 ? null : next(serverOf.get(receiver));
    }

    private MemberId next(MemberId sender) {
        return senders.get((senders.indexOf(sender) + 1) % senders.size());
    }

    /**
     * @return the sender's policy: verifies senders, its own receivers and those it backs up, holds the EMCON ones'
     *     keys
     */
    public GroupPolicy sender(MemberId s) {
        Map<MemberId, byte[]> verify = new HashMap<>(senderVerifyKeys);
        Map<MemberId, byte[]> individual = new HashMap<>();
        Set<MemberId> backups = new HashSet<>();
        Map<MemberId, MemberId> primaries = new HashMap<>();
        serverOf.forEach((r, srv) -> {
            boolean backup = senders.size() > 1 && next(srv).equals(s);
            if (srv.equals(s) || backup) {
                verify.put(r, publicKeys.get(r));
                byte[] k = individualKeys.get(r);
                if (k != null) {
                    individual.put(r, k);
                }
                if (backup) {
                    backups.add(r);
                    primaries.put(r, srv); // entry r@srv: covered only while srv is out of the agreement
                }
            }
        });
        return policy(Role.SENDER, s, false, new Credentials(privateKeys.get(s), verify, individual))
                .withFailover(List.of(), backups, primaries);
    }

    /** @return the receiver's policy */
    public GroupPolicy receiver(MemberId r) {
        boolean e = emcon.contains(r);
        Map<MemberId, byte[]> own = e ? Map.of(r, individualKeys.get(r)) : Map.of();
        MemberId backup = backupOf(r);
        return policy(Role.RECEIVER, serverOf.get(r), e, new Credentials(privateKeys.get(r), senderVerifyKeys, own))
                .withFailover(backup == null ? List.of() : List.of(backup), Set.of());
    }

    private GroupPolicy policy(Role role, MemberId server, boolean emc, Credentials c) {
        return new GroupPolicy(GROUP, role, "ff3e::4d:1", 0, CONTROL_ADDRESS, 4500, rekeyAddresses, senderEntries, server,
                scenario.agreement(), scenario.distribution(), "sig", scenario.rekeyAuth(), "memory",
                Map.of("lkh.degree", Integer.toString(scenario.lkhDegree())), CryptoSuite.DEFAULT, 3600, 3900,
                scenario.batchMs(), 0, emc, List.of(), c).withLeaseSeconds(scenario.leaseS()).withTiming(scenario.timing());
    }
}
