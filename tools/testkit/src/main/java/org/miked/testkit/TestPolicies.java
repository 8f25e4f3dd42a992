package org.miked.testkit;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.policy.CryptoSuite;
import org.miked.api.policy.Credentials;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.SenderEntry;
import org.miked.common.crypto.Ed25519;
import org.miked.common.crypto.Randoms;
import org.miked.common.net.RekeyAddresses;

/**
 * Builds consistent per-host policies for a test group: n senders {@code s01..}, receivers
 * {@code r00001..}, Ed25519 keys for everyone (deterministic from the seed) and individual keys for
 * EMCON receivers.
 */
public final class TestPolicies {
    private final GroupId group;
    private final List<MemberId> senders = new ArrayList<>();
    private final Map<MemberId, byte[]> privateKeys = new LinkedHashMap<>();
    private final Map<MemberId, byte[]> publicKeys = new LinkedHashMap<>();
    private final Map<MemberId, byte[]> individualKeys = new HashMap<>();
    private final Map<String, String> params = new HashMap<>();
    private final SecureRandom random;
    private String agreement = "bd";
    private String distribution = "lkh";
    private long batchMillis = 200;
    private org.miked.api.policy.KeyTiming timing = org.miked.api.policy.KeyTiming.DEFAULT;
    private long softLifetimeS = 3600;
    private long hardLifetimeS = 3900;
    private String rekeyAuth = "sig";
    private boolean perServerRekey = true;
    private long leaseSeconds = GroupPolicy.DEFAULT_LEASE_SECONDS;
    /** Failover assignments (issue 11): receiver -> its key server, then its backups; empty: none. */
    private final Map<MemberId, List<MemberId>> failover = new LinkedHashMap<>();

    public TestPolicies(String group, int senderCount, long seed) {
        this.group = GroupId.of(group);
        this.random = Randoms.asSecureRandom(Randoms.deterministic(seed, "keys"));
        for (int i = 1; i <= senderCount; i++) {
            MemberId s = senderId(i);
            senders.add(s);
            key(s);
        }
    }

    public static MemberId senderId(int i) {
        return MemberId.of(String.format("s%02d", i));
    }

    public static MemberId receiverId(int i) {
        return MemberId.of(String.format("r%05d", i));
    }

    public TestPolicies param(String key, String value) {
        params.put(key, value);
        return this;
    }

    public TestPolicies agreement(String name) {
        agreement = name;
        return this;
    }

    public TestPolicies distribution(String name) {
        distribution = name;
        return this;
    }

    /** Sets when members switch epochs (issue 12; default {@link org.miked.api.policy.KeyTiming#DEFAULT}). */
    public TestPolicies timing(org.miked.api.policy.KeyTiming t) {
        timing = t;
        return this;
    }

    /** Sets the MSA lifetimes in seconds. */
    public TestPolicies lifetimes(long softS, long hardS) {
        softLifetimeS = softS;
        hardLifetimeS = hardS;
        return this;
    }

    /** Sets the rekey authentication scheme (default sig). */
    public TestPolicies rekeyAuth(String name) {
        rekeyAuth = name;
        return this;
    }

    /**
     * @param perServer true (the default, as in the policy bundle): each key server has its own rekey channel,
     *     derived from the control address; false: every key server's rekeys go to the control address
     */
    public TestPolicies perServerRekey(boolean perServer) {
        perServerRekey = perServer;
        return this;
    }

    /** Sets every policy's {@code leaseSeconds} (0: no lease; default {@link GroupPolicy#DEFAULT_LEASE_SECONDS}). */
    public TestPolicies leaseSeconds(long seconds) {
        leaseSeconds = seconds;
        return this;
    }

    public TestPolicies batchMillis(long ms) {
        batchMillis = ms;
        return this;
    }

    /** Gives a member an Ed25519 key pair (idempotent) and returns the public key. */
    public byte[] key(MemberId m) {
        return publicKeys.computeIfAbsent(m, k -> {
            byte[] priv = Ed25519.generatePrivate(random);
            privateKeys.put(k, priv);
            return Ed25519.publicOf(priv);
        });
    }

    /** Provisions an individual (leaf) key for an EMCON receiver and returns it. */
    public byte[] individualKey(MemberId receiver) {
        return individualKeys.computeIfAbsent(receiver, k -> {
            byte[] b = new byte[32];
            random.nextBytes(b);
            return b;
        });
    }

    public List<MemberId> senders() {
        return List.copyOf(senders);
    }

    /**
     * Assigns a receiver for key-server failover: once any receiver is assigned, a sender serves exactly the
     * receivers whose key server it is ({@code servedReceivers}), backs up those that list it
     * ({@code backupReceivers}) and holds the individual keys of the EMCON ones among both.
     *
     * @param receiver a receiver
     * @param server its key server
     * @param backups its backup key servers, in order
     * @return this
     */
    public TestPolicies failover(MemberId receiver, MemberId server, List<MemberId> backups) {
        List<MemberId> l = new ArrayList<>();
        l.add(server);
        l.addAll(backups);
        failover.put(receiver, List.copyOf(l));
        return this;
    }

    /** @return the policy of a sender: verifies every known member, holds every EMCON key it serves */
    public GroupPolicy sender(MemberId self) {
        if (failover.isEmpty()) {
            return base(Role.SENDER, self, false,
                    new Credentials(privateKeys.get(self), publicKeys, individualKeys));
        }
        java.util.Set<MemberId> served = new java.util.TreeSet<>();
        java.util.Set<MemberId> backed = new java.util.TreeSet<>();
        Map<MemberId, MemberId> primaries = new HashMap<>();
        failover.forEach((r, l) -> {
            if (l.get(0).equals(self)) {
                served.add(r);
            } else if (l.contains(self)) {
                backed.add(r);
                primaries.put(r, l.get(0)); // entries receiver@keyServer: covered only while that one is down
            }
        });
        Map<MemberId, byte[]> keys = new HashMap<>();
        individualKeys.forEach((r, k) -> {
            if (served.contains(r) || backed.contains(r)) {
                keys.put(r, k);
            }
        });
        return base(Role.SENDER, self, false, new Credentials(privateKeys.get(self), publicKeys, keys))
                .withServedReceivers(served).withFailover(List.of(), backed, primaries);
    }

    /** @return the policy of a receiver served by {@code server} */
    public GroupPolicy receiver(MemberId self, MemberId server, boolean emcon) {
        key(self);
        Map<MemberId, byte[]> verify = new HashMap<>();
        for (MemberId s : senders) {
            verify.put(s, publicKeys.get(s));
        }
        Map<MemberId, byte[]> own = emcon ? Map.of(self, individualKey(self)) : Map.of();
        GroupPolicy p = base(Role.RECEIVER, server, emcon, new Credentials(privateKeys.get(self), verify, own));
        List<MemberId> l = failover.get(self);
        return l == null ? p : p.withFailover(l.subList(1, l.size()), java.util.Set.of());
    }

    private GroupPolicy base(Role role, MemberId server, boolean emcon, Credentials c) {
        List<SenderEntry> entries = new ArrayList<>();
        for (int i = 0; i < senders.size(); i++) {
            entries.add(new SenderEntry(senders.get(i), "fd00::" + Integer.toHexString(i + 1)));
        }
        List<String> rekey = perServerRekey ? RekeyAddresses.derive("ff3e::4d:2", entries.size()) : List.of();
        return new GroupPolicy(group, role, "ff3e::4d:1", 0, "ff3e::4d:2", 5000, rekey, entries, server, agreement,
                distribution, "sig", rekeyAuth, "memory", params, CryptoSuite.DEFAULT, softLifetimeS, hardLifetimeS,
                batchMillis, 0, emcon,
                List.of(), c).withLeaseSeconds(leaseSeconds).withTiming(timing);
    }
}
