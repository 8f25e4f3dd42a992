package org.miked.api.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;

/**
 * Everything one host needs to manage keys for one group. Built and validated by the policy bundle;
 * the constructor only checks what no layer could work without.
 *
 * @param group the group
 * @param role this host's role
 * @param dataAddress multicast address of the protected application traffic (MSA destination)
 * @param dataPort application destination port, 0 for any
 * @param controlAddress multicast address that carries key-management messages
 * @param controlPort UDP port of key-management messages
 * @param rekeyAddresses per sender in policy order, the multicast address on which it sends rekeys to its
 *     receivers (its rekey channel, on {@code controlPort}); empty when the group shares one channel: every
 *     key server's rekeys then go to {@code controlAddress}, which all receivers join
 * @param senders the group's senders, in a fixed order every member shares
 * @param keyServer at a receiver the sender that is its key server; at a sender itself
 * @param agreement name of the key-agreement protocol among senders ({@code "bd"}, {@code "gdh2"}, ...)
 * @param distribution name of the key-distribution protocol to receivers ({@code "lkh"})
 * @param auth name of the authentication scheme for agreement, sender and unicast messages (signatures)
 * @param rekeyAuth name of the authentication scheme for multicast rekey messages to receivers
 * @param saSink name of the SA sink the MSAs go to ({@code "memory"}, {@code "xfrm"}, {@code "pfkey"})
 * @param params protocol parameters, keys prefixed by protocol name, e.g. {@code lkh.degree=4},
 *     {@code bd.group=P-256}
 * @param suite the MSAs' algorithms
 * @param softLifetimeS MSA soft lifetime in seconds: renewal starts
 * @param hardLifetimeS MSA hard lifetime in seconds: the kernel drops the SA
 * @param rekeyBatchMillis joins and leaves within this interval are combined into one rekey
 * @param agreementIntervalS the senders re-run key agreement at least this often (0: only on sender change)
 * @param emcon this host must never transmit for this group
 * @param excluded filter rules: member ids or address prefixes ({@code fd00:dead::/32}) whose datagrams
 *     are dropped before parsing and who are never admitted
 * @param credentials keys that authenticate key-management messages
 * @param servedReceivers at a sender: the receivers its key server serves (the GMF drops every other
 *     receiver's distribution message); empty: any receiver its credentials know (issue 10, finding 2: with a
 *     receivers list shared by the senders, a receiver must still be served only where the policy assigns it)
 * @param leaseSeconds how long a registered (non-EMCON) receiver stays in its key server's tree without
 *     renewing its registration (a refresh, or any repair request); a receiver that vanished without a leave
 *     is removed at the next batch after its lease ran out (issue 11). 0: no lease, a receiver stays until it
 *     leaves or is evicted. EMCON receivers cannot renew and are never expired by lease. The key server's
 *     value governs; a receiver refreshes at about half its own value, so both should be equal
 * @param backupKeyServers at a receiver: the senders that serve it, in this order, when its key server is silent
 *     (issue 11, key-server failover); never its {@code keyServer}, each one of the senders. Empty (the default):
 *     no failover, the receiver waits for its key server
 * @param backupReceivers at a sender: the receivers of other key servers it serves as a backup once their server
 *     is out of the senders' agreement; the individual keys of the EMCON ones among them are in its credentials.
 *     Never in {@code servedReceivers}, and not served by this sender otherwise (also when
 *     {@code servedReceivers} is empty)
 * @param backupPrimaries at a sender, for the backup receivers whose entry names their key server
 *     ({@code receiver@keyServer}): that server; such a receiver is served only while that server is out of the
 *     agreement, one without an entry here while any other sender is
 * @param timing when members switch to a new epoch's MSAs and drop the old ones (issue 12: hitless rekeys)
 */
public record GroupPolicy(GroupId group, Role role, String dataAddress, int dataPort, String controlAddress,
        int controlPort, List<String> rekeyAddresses, List<SenderEntry> senders, MemberId keyServer, String agreement, String distribution,
        String auth, String rekeyAuth, String saSink, Map<String, String> params, CryptoSuite suite,
        long softLifetimeS, long hardLifetimeS, long rekeyBatchMillis, long agreementIntervalS, boolean emcon,
        List<String> excluded, Credentials credentials, java.util.Set<MemberId> servedReceivers, long leaseSeconds,
        List<MemberId> backupKeyServers, java.util.Set<MemberId> backupReceivers,
        Map<MemberId, MemberId> backupPrimaries, KeyTiming timing) {

    /** Default {@code leaseSeconds}: a receiver refreshes about every 5 minutes (retrying under loss), so a vanished one is out within about 10 minutes. */
    public static final long DEFAULT_LEASE_SECONDS = 600;

    public GroupPolicy {
        Objects.requireNonNull(timing, "timing");
        backupKeyServers = List.copyOf(backupKeyServers);
        backupReceivers = java.util.Set.copyOf(backupReceivers);
        backupPrimaries = Map.copyOf(backupPrimaries);
        if (leaseSeconds < 0) {
            throw new PolicyException(group == null ? "" : group.name(), "leaseSeconds",
                    "must be 0 (no lease) or positive, got " + leaseSeconds);
        }
        servedReceivers = java.util.Set.copyOf(servedReceivers);
        Objects.requireNonNull(group, "group");
        String g = group.name();
        Objects.requireNonNull(role, "role");
        senders = List.copyOf(senders);
        if (senders.isEmpty()) {
            throw new PolicyException(g, "senders", "at least one sender is required");
        }
        rekeyAddresses = List.copyOf(rekeyAddresses);
        if (!rekeyAddresses.isEmpty() && rekeyAddresses.size() != senders.size()) {
            throw new PolicyException(g, "rekeyAddresses", "one per sender (" + senders.size() + ") or none, got "
                    + rekeyAddresses.size());
        }
        if (keyServer == null || senders.stream().noneMatch(s -> s.id().equals(keyServer))) {
            throw new PolicyException(g, "keyServer", "'" + keyServer + "' is not one of the group's senders");
        }
        params = Map.copyOf(params);
        excluded = List.copyOf(excluded);
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(credentials, "credentials");
        if (softLifetimeS <= 0 || hardLifetimeS < softLifetimeS) {
            throw new PolicyException(g, "lifetime", "need 0 < soft (" + softLifetimeS + ") <= hard (" + hardLifetimeS + ")");
        }
        if (emcon && role == Role.SENDER) {
            throw new PolicyException(g, "emcon", "a sender cannot be in EMCON: it must send keys");
        }
        java.util.Set<MemberId> seen = new java.util.HashSet<>();
        for (MemberId b : backupKeyServers) {
            if (b.equals(keyServer)) {
                throw new PolicyException(g, "backupKeyServers", "'" + b + "' is the key server itself");
            }
            if (senders.stream().noneMatch(s -> s.id().equals(b))) {
                throw new PolicyException(g, "backupKeyServers", "'" + b + "' is not one of the group's senders");
            }
            if (!seen.add(b)) {
                throw new PolicyException(g, "backupKeyServers", "'" + b + "' is listed twice");
            }
        }
        for (MemberId r : backupReceivers) {
            if (servedReceivers.contains(r)) {
                throw new PolicyException(g, "backupReceivers", "'" + r + "' is in servedReceivers too");
            }
            if (senders.stream().anyMatch(s -> s.id().equals(r))) {
                throw new PolicyException(g, "backupReceivers", "'" + r + "' is a sender, not a receiver");
            }
        }
        for (var e : backupPrimaries.entrySet()) {
            if (!backupReceivers.contains(e.getKey())) {
                throw new PolicyException(g, "backupReceivers", "'" + e.getKey() + "' has a key server but is not listed");
            }
            if (senders.stream().noneMatch(s -> s.id().equals(e.getValue())) || e.getValue().equals(keyServer)) {
                throw new PolicyException(g, "backupReceivers", "'" + e.getKey() + "@" + e.getValue() + "': '"
                        + e.getValue() + "' is not another sender of the group");
            }
        }
    }

    /** A policy with the default {@link KeyTiming}. */
    public GroupPolicy(GroupId group, Role role, String dataAddress, int dataPort, String controlAddress,
            int controlPort, List<String> rekeyAddresses, List<SenderEntry> senders, MemberId keyServer,
            String agreement, String distribution, String auth, String rekeyAuth, String saSink,
            Map<String, String> params, CryptoSuite suite, long softLifetimeS, long hardLifetimeS,
            long rekeyBatchMillis, long agreementIntervalS, boolean emcon, List<String> excluded,
            Credentials credentials, java.util.Set<MemberId> servedReceivers, long leaseSeconds,
            List<MemberId> backupKeyServers, java.util.Set<MemberId> backupReceivers,
            Map<MemberId, MemberId> backupPrimaries) {
        this(group, role, dataAddress, dataPort, controlAddress, controlPort, rekeyAddresses, senders, keyServer,
                agreement, distribution, auth, rekeyAuth, saSink, params, suite, softLifetimeS, hardLifetimeS,
                rekeyBatchMillis, agreementIntervalS, emcon, excluded, credentials, servedReceivers, leaseSeconds,
                backupKeyServers, backupReceivers, backupPrimaries, KeyTiming.DEFAULT);
    }

    /** A policy whose backup receivers name no key server. */
    public GroupPolicy(GroupId group, Role role, String dataAddress, int dataPort, String controlAddress,
            int controlPort, List<String> rekeyAddresses, List<SenderEntry> senders, MemberId keyServer,
            String agreement, String distribution, String auth, String rekeyAuth, String saSink,
            Map<String, String> params, CryptoSuite suite, long softLifetimeS, long hardLifetimeS,
            long rekeyBatchMillis, long agreementIntervalS, boolean emcon, List<String> excluded,
            Credentials credentials, java.util.Set<MemberId> servedReceivers, long leaseSeconds,
            List<MemberId> backupKeyServers, java.util.Set<MemberId> backupReceivers) {
        this(group, role, dataAddress, dataPort, controlAddress, controlPort, rekeyAddresses, senders, keyServer,
                agreement, distribution, auth, rekeyAuth, saSink, params, suite, softLifetimeS, hardLifetimeS,
                rekeyBatchMillis, agreementIntervalS, emcon, excluded, credentials, servedReceivers, leaseSeconds,
                backupKeyServers, backupReceivers, Map.of());
    }

    /** A policy without key-server failover (no backup key servers, no backup receivers). */
    public GroupPolicy(GroupId group, Role role, String dataAddress, int dataPort, String controlAddress,
            int controlPort, List<String> rekeyAddresses, List<SenderEntry> senders, MemberId keyServer,
            String agreement, String distribution, String auth, String rekeyAuth, String saSink,
            Map<String, String> params, CryptoSuite suite, long softLifetimeS, long hardLifetimeS,
            long rekeyBatchMillis, long agreementIntervalS, boolean emcon, List<String> excluded,
            Credentials credentials, java.util.Set<MemberId> servedReceivers, long leaseSeconds) {
        this(group, role, dataAddress, dataPort, controlAddress, controlPort, rekeyAddresses, senders, keyServer,
                agreement, distribution, auth, rekeyAuth, saSink, params, suite, softLifetimeS, hardLifetimeS,
                rekeyBatchMillis, agreementIntervalS, emcon, excluded, credentials, servedReceivers, leaseSeconds,
                List.of(), java.util.Set.of(), Map.of());
    }

    /** A policy with the default lease ({@value #DEFAULT_LEASE_SECONDS} s). */
    public GroupPolicy(GroupId group, Role role, String dataAddress, int dataPort, String controlAddress,
            int controlPort, List<String> rekeyAddresses, List<SenderEntry> senders, MemberId keyServer,
            String agreement, String distribution, String auth, String rekeyAuth, String saSink,
            Map<String, String> params, CryptoSuite suite, long softLifetimeS, long hardLifetimeS,
            long rekeyBatchMillis, long agreementIntervalS, boolean emcon, List<String> excluded,
            Credentials credentials, java.util.Set<MemberId> servedReceivers) {
        this(group, role, dataAddress, dataPort, controlAddress, controlPort, rekeyAddresses, senders, keyServer,
                agreement, distribution, auth, rekeyAuth, saSink, params, suite, softLifetimeS, hardLifetimeS,
                rekeyBatchMillis, agreementIntervalS, emcon, excluded, credentials, servedReceivers,
                DEFAULT_LEASE_SECONDS);
    }

    /** A policy whose key server serves any receiver its credentials know. */
    public GroupPolicy(GroupId group, Role role, String dataAddress, int dataPort, String controlAddress,
            int controlPort, List<String> rekeyAddresses, List<SenderEntry> senders, MemberId keyServer,
            String agreement, String distribution, String auth, String rekeyAuth, String saSink,
            Map<String, String> params, CryptoSuite suite, long softLifetimeS, long hardLifetimeS,
            long rekeyBatchMillis, long agreementIntervalS, boolean emcon, List<String> excluded,
            Credentials credentials) {
        this(group, role, dataAddress, dataPort, controlAddress, controlPort, rekeyAddresses, senders, keyServer,
                agreement, distribution, auth, rekeyAuth, saSink, params, suite, softLifetimeS, hardLifetimeS,
                rekeyBatchMillis, agreementIntervalS, emcon, excluded, credentials, java.util.Set.of());
    }

    /**
     * @param receiver a receiver
     * @return true if this key server serves it (the policy lists it, or lists none)
     */
    public boolean serves(MemberId receiver) {
        return servedReceivers.isEmpty() ? !backupReceivers.contains(receiver) : servedReceivers.contains(receiver);
    }

    /**
     * @param receiver a receiver
     * @return true if this key server serves it only as a backup (its {@code backupReceivers} list it)
     * @since 1.5.0
     */
    public boolean backsUp(MemberId receiver) {
        return backupReceivers.contains(receiver);
    }

    /**
     * @return the key servers of a receiver in the order it tries them: {@code keyServer}, then
     *     {@code backupKeyServers}
     * @since 1.5.0
     */
    public List<MemberId> keyServers() {
        List<MemberId> out = new java.util.ArrayList<>(1 + backupKeyServers.size());
        out.add(keyServer);
        out.addAll(backupKeyServers);
        return List.copyOf(out);
    }

    /**
     * @param receivers backup key servers (at a receiver), in order
     * @param backups backup receivers (at a sender)
     * @return a copy of this policy with these failover lists
     * @since 1.5.0
     */
    public GroupPolicy withFailover(List<MemberId> receivers, java.util.Set<MemberId> backups) {
        return withFailover(receivers, backups, Map.of());
    }

    /**
     * @param receivers backup key servers (at a receiver), in order
     * @param backups backup receivers (at a sender)
     * @param primaries for some of the backup receivers, their key server
     * @return a copy of this policy with these failover lists
     * @since 1.5.0
     */
    public GroupPolicy withFailover(List<MemberId> receivers, java.util.Set<MemberId> backups,
            Map<MemberId, MemberId> primaries) {
        return new GroupPolicy(group, role, dataAddress, dataPort, controlAddress, controlPort, rekeyAddresses,
                senders, keyServer, agreement, distribution, auth, rekeyAuth, saSink, params, suite, softLifetimeS,
                hardLifetimeS, rekeyBatchMillis, agreementIntervalS, emcon, excluded, credentials, servedReceivers,
                leaseSeconds, receivers, backups, primaries, timing);
    }

    /**
     * @param server one of the senders
     * @return this policy as seen by a session talking to {@code server} as its key server (a receiver served by a
     *     backup); the backup list loses that server
     * @since 1.5.0
     */
    public GroupPolicy withKeyServer(MemberId server) {
        return forHost(role, server, emcon, credentials);
    }

    /**
     * @param served the receivers a key server serves
     * @return a copy of this policy with that list
     */
    public GroupPolicy withServedReceivers(java.util.Set<MemberId> served) {
        return new GroupPolicy(group, role, dataAddress, dataPort, controlAddress, controlPort, rekeyAddresses,
                senders, keyServer, agreement, distribution, auth, rekeyAuth, saSink, params, suite, softLifetimeS,
                hardLifetimeS, rekeyBatchMillis, agreementIntervalS, emcon, excluded, credentials, served, leaseSeconds,
                backupKeyServers, backupReceivers, backupPrimaries, timing);
    }

    /**
     * @param seconds the lease ({@code 0}: none)
     * @return a copy of this policy with that lease
     */
    public GroupPolicy withLeaseSeconds(long seconds) {
        return new GroupPolicy(group, role, dataAddress, dataPort, controlAddress, controlPort, rekeyAddresses,
                senders, keyServer, agreement, distribution, auth, rekeyAuth, saSink, params, suite, softLifetimeS,
                hardLifetimeS, rekeyBatchMillis, agreementIntervalS, emcon, excluded, credentials, servedReceivers,
                seconds, backupKeyServers, backupReceivers, backupPrimaries, timing);
    }

    /**
     * @param t when members switch epochs
     * @return a copy of this policy with that timing
     * @since 1.6.0
     */
    public GroupPolicy withTiming(KeyTiming t) {
        return new GroupPolicy(group, role, dataAddress, dataPort, controlAddress, controlPort, rekeyAddresses,
                senders, keyServer, agreement, distribution, auth, rekeyAuth, saSink, params, suite, softLifetimeS,
                hardLifetimeS, rekeyBatchMillis, agreementIntervalS, emcon, excluded, credentials, servedReceivers,
                leaseSeconds, backupKeyServers, backupReceivers, backupPrimaries, t);
    }

    /** A policy whose key servers share the control address for their rekeys (no per-server channels). */
    public GroupPolicy(GroupId group, Role role, String dataAddress, int dataPort, String controlAddress,
            int controlPort, List<SenderEntry> senders, MemberId keyServer, String agreement, String distribution,
            String auth, String rekeyAuth, String saSink, Map<String, String> params, CryptoSuite suite,
            long softLifetimeS, long hardLifetimeS, long rekeyBatchMillis, long agreementIntervalS, boolean emcon,
            List<String> excluded, Credentials credentials) {
        this(group, role, dataAddress, dataPort, controlAddress, controlPort, List.of(), senders, keyServer,
                agreement, distribution, auth, rekeyAuth, saSink, params, suite, softLifetimeS, hardLifetimeS,
                rekeyBatchMillis, agreementIntervalS, emcon, excluded, credentials);
    }

    /**
     * @param key parameter name
     * @param dflt value when absent
     * @return the parameter's value
     */
    public String param(String key, String dflt) {
        return params.getOrDefault(key, dflt);
    }

    /**
     * @param key parameter name
     * @param dflt value when absent
     * @return the parameter as an int
     * @throws PolicyException if present and not an int
     */
    public int intParam(String key, int dflt) {
        String v = params.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new PolicyException(group.name(), key, "not an integer: '" + v + "'");
        }
    }

    /**
     * @param server one of the group's senders
     * @return the multicast address its rekeys to receivers go to ({@code controlAddress} when shared)
     * @throws IllegalArgumentException if it is not one of the senders
     */
    public String rekeyAddressOf(MemberId server) {
        for (int i = 0; i < senders.size(); i++) {
            if (senders.get(i).id().equals(server)) {
                return rekeyAddresses.isEmpty() ? controlAddress : rekeyAddresses.get(i);
            }
        }
        throw new IllegalArgumentException("group " + group + ": '" + server + "' is not one of the senders");
    }

    /** @return true if {@code id} is one of the senders (no list built: a sender asks at every datagram) */
    public boolean isSender(MemberId id) {
        for (SenderEntry s : senders) {
            if (s.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** @return the ids of the senders, in policy order */
    public List<MemberId> senderIds() {
        return senders.stream().map(SenderEntry::id).toList();
    }

    /**
     * @param r the host's role
     * @param server the host's key server
     * @param emc whether the host is in EMCON
     * @param c the host's credentials
     * @return a copy of this policy with another role, key server, EMCON flag and credentials (used to
     *     derive per-host policies from one group definition); the rekey channels stay, a receiver keeps its
     *     backup key servers but {@code server}, a sender its backup receivers
     */
    public GroupPolicy forHost(Role r, MemberId server, boolean emc, Credentials c) {
        return new GroupPolicy(group, r, dataAddress, dataPort, controlAddress, controlPort, rekeyAddresses,
                senders, server,
                agreement, distribution, auth, rekeyAuth, saSink, params, suite, softLifetimeS,
                hardLifetimeS, rekeyBatchMillis, agreementIntervalS, emc, excluded, c, servedReceivers, leaseSeconds,
                r == Role.RECEIVER ? backupKeyServers.stream().filter(b -> !b.equals(server)).toList() : List.of(),
                r == Role.SENDER ? backupReceivers : java.util.Set.of(), r == Role.SENDER ? backupPrimaries : Map.of(),
                timing);
    }
}
