package org.miked.policy.internal;

import org.miked.common.net.IpLiteral;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.policy.CryptoSuite;
import org.miked.api.policy.Credentials;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.PolicyException;
import org.miked.api.policy.SenderEntry;
import org.miked.common.crypto.Ed25519;

/**
 * Turns one {@link GroupPolicyConfig} into a valid, immutable {@link GroupPolicy}, or rejects it with a
 * {@link PolicyException} that names the group, the field and why. Checks every field; resolves no names
 * (addresses must be literals) and reads only the key files the configuration names. No OSGi: tests call
 * it with a proxied configuration.
 *
 * <pre>
 *  config --&gt; group, role --&gt; addresses, ports --&gt; senders, keyServer --&gt; component names, params
 *         --&gt; suite --&gt; lifetimes, intervals, lease --&gt; emcon, excluded --&gt; credentials --&gt; GroupPolicy
 * </pre>
 */
public final class PolicyValidator {
    /** The paper's sizing: at most 25 senders agree a key. */
    public static final int MAX_SENDERS = 25;
    /** Upper bound of lifetimes and the agreement interval (30 days): larger values are typos. */
    public static final long MAX_SECONDS = 30L * 24 * 3600;
    /** Upper bound of the rekey batch interval (10 minutes). */
    public static final long MAX_REKEY_BATCH_MILLIS = 600_000;
    /**
     * Shortest non-zero lease in seconds: a receiver refreshes at half of it and retransmits a lost
     * refresh after 1, 2, 4 s, so a shorter lease would expire receivers under ordinary loss.
     */
    public static final long MIN_LEASE_S = 30;
    /** Shortest non-zero agreement interval in seconds. */
    public static final long MIN_AGREEMENT_INTERVAL_S = 10;
    /** Name of the signature scheme whose keys are Ed25519 (32 bytes). */
    public static final String SIG = "sig";
    /** Allowed lengths of individual (leaf) keys in bytes: AES key-wrap keys. */
    private static final Set<Integer> INDIVIDUAL_KEY_BYTES = Set.of(16, 24, 32);

    /** A FileInstall typed value: optional type letter and a quoted string, or an array/collection. */
    private static final Pattern TYPED = Pattern.compile("[A-Za-z]?\".*\"|\\[.*\\]|\\(.*\\)");

    private final KeyMaterial.TextFiles files;

    /** A validator that reads key files from the file system (ASCII). */
    public PolicyValidator() {
        this(path -> Files.readString(path, StandardCharsets.US_ASCII));
    }

    PolicyValidator(KeyMaterial.TextFiles files) {
        this.files = files;
    }

    /**
     * @param c a configuration as Config Admin and DS deliver it
     * @return the policy it describes
     * @throws PolicyException if any field is invalid; the message names group, field and reason
     */
    public GroupPolicy validate(GroupPolicyConfig c) {
        String rawGroup = read(new FieldErrors(null), "group", c::group);
        FieldErrors e = new FieldErrors(rawGroup);
        GroupId group = group(e, rawGroup);
        Role role = role(e, read(e, "role", c::role));

        String dataAddress = Fields.multicast(e, "dataAddress", read(e, "dataAddress", c::dataAddress));
        int dataPort = (int) Fields.range(e, "dataPort", read(e, "dataPort", c::dataPort), 0, 65535);
        String controlAddress = Fields.multicast(e, "controlAddress", read(e, "controlAddress", c::controlAddress));
        int controlPort = (int) Fields.range(e, "controlPort", read(e, "controlPort", c::controlPort), 1, 65535);
        if (Arrays.equals(IpLiteral.parse(dataAddress), IpLiteral.parse(controlAddress))
                && (dataPort == 0 || dataPort == controlPort)) {
            throw e.at("controlAddress", "same address and port as the protected data traffic (" + dataAddress
                    + " port " + (dataPort == 0 ? "any" : dataPort) + "): the MSA would cover key management too");
        }

        List<SenderEntry> senders = senders(e, read(e, "senders", c::senders), IpLiteral.parse(dataAddress).length);
        MemberId keyServer = keyServer(e, read(e, "keyServer", c::keyServer), senders, role);
        List<String> rekeyAddresses = RekeyChannelRules.check(e, read(e, "rekeyChannels", c::rekeyChannels),
                read(e, "rekeyAddresses", c::rekeyAddresses), senders, controlAddress, controlPort, dataAddress,
                dataPort);

        String agreement = Fields.name(e, "agreement", read(e, "agreement", c::agreement));
        String distribution = Fields.name(e, "distribution", read(e, "distribution", c::distribution));
        String auth = Fields.name(e, "auth", read(e, "auth", c::auth));
        String rekeyAuth = Fields.name(e, "rekeyAuth", read(e, "rekeyAuth", c::rekeyAuth));
        String saSink = Fields.name(e, "saSink", read(e, "saSink", c::saSink));
        Map<String, String> params = params(e, read(e, "params", c::params));

        CryptoSuite suite = SuiteRules.check(e, read(e, "protocol", c::protocol),
                read(e, "encryption", c::encryption), read(e, "encryptionKeyBits", c::encryptionKeyBits),
                read(e, "integrity", c::integrity), read(e, "integrityKeyBits", c::integrityKeyBits),
                read(e, "icvBits", c::icvBits), read(e, "sourceAuthentication", c::sourceAuthentication));

        long soft = Fields.range(e, "softLifetimeS", read(e, "softLifetimeS", c::softLifetimeS), 1, MAX_SECONDS - 1);
        long hard = read(e, "hardLifetimeS", c::hardLifetimeS);
        if (hard <= soft || hard > MAX_SECONDS) {
            throw e.at("hardLifetimeS", "must be above softLifetimeS (" + soft + ") and at most " + MAX_SECONDS
                    + ", got " + hard + ": renewal needs the time between soft and hard expiry");
        }
        long batch = Fields.range(e, "rekeyBatchMillis", read(e, "rekeyBatchMillis", c::rekeyBatchMillis), 0,
                MAX_REKEY_BATCH_MILLIS);
        long interval = read(e, "agreementIntervalS", c::agreementIntervalS);
        if (interval != 0) {
            Fields.range(e, "agreementIntervalS", interval, MIN_AGREEMENT_INTERVAL_S, MAX_SECONDS);
        }
        long lease = read(e, "leaseSeconds", c::leaseSeconds);
        if (lease != 0 && (lease < MIN_LEASE_S || lease > MAX_SECONDS)) {
            throw e.at("leaseSeconds", "must be 0 (no lease) or " + MIN_LEASE_S + ".." + MAX_SECONDS + ", got " + lease
                    + (lease > 0 && lease < MIN_LEASE_S ? ": a receiver refreshes at half its lease and "
                            + "retransmits after 1, 2, 4 s, so a shorter one expires receivers under loss" : ""));
        }
        org.miked.api.policy.KeyTiming timing = timing(e, soft, hard,
                read(e, "activationDelayMillis", c::activationDelayMillis),
                read(e, "deactivationDelayMillis", c::deactivationDelayMillis),
                read(e, "rekeyLeadMillis", c::rekeyLeadMillis));
        boolean emcon = read(e, "emcon", c::emcon);
        if (emcon && role == Role.SENDER) {
            throw e.at("emcon", "only a receiver can be in EMCON: a sender must transmit keys");
        }
        List<String> excluded = excluded(e, read(e, "excluded", c::excluded), senders, keyServer);

        Credentials credentials = new CredentialRules(e, new KeyMaterial(files, e)).check(role, senders, keyServer,
                auth, rekeyAuth, emcon, read(e, "signingKey", c::signingKey), read(e, "verifyKeys", c::verifyKeys),
                read(e, "individualKeys", c::individualKeys));

        java.util.Set<MemberId> served = receivers(e, "servedReceivers",
                read(e, "servedReceivers", c::servedReceivers), role, senders);
        List<MemberId> backups = backupKeyServers(e, read(e, "backupKeyServers", c::backupKeyServers), role, senders,
                keyServer);
        Map<MemberId, MemberId> primaries = new LinkedHashMap<>();
        java.util.Set<MemberId> backupReceivers = receivers(e, "backupReceivers",
                read(e, "backupReceivers", c::backupReceivers), role, senders, keyServer, primaries);
        for (MemberId r : backupReceivers) {
            if (served.contains(r)) {
                throw e.at("backupReceivers", "'" + r + "' is in servedReceivers too: a receiver is served by this "
                        + "sender or backed up by it, not both");
            }
        }

        return new GroupPolicy(group, role, dataAddress, dataPort, controlAddress, controlPort, rekeyAddresses,
                senders, keyServer,
                agreement, distribution, auth, rekeyAuth, saSink, params, suite, soft, hard, batch, interval, emcon,
                excluded, credentials, served, lease, backups, backupReceivers, primaries, timing);
    }

    /**
     * The three delays of a key change (issue 12). An outbound MSA is installed up to the longest switch delay W after
     * its epoch's inbound MSAs, reaches its soft lifetime, and the renewal switches W later: members' inbound MSAs,
     * installed at the epoch's start, must still be alive then, so 2W must fit between soft and hard (3W for margin).
     */
    static org.miked.api.policy.KeyTiming timing(FieldErrors e, long soft, long hard, long activation,
            long deactivation, long lead) {
        long max = org.miked.api.policy.KeyTiming.MAX_MILLIS;
        Fields.range(e, "activationDelayMillis", activation, 0, max);
        Fields.range(e, "deactivationDelayMillis", deactivation, 0, max);
        Fields.range(e, "rekeyLeadMillis", lead, 0, max);
        long switchAfter = Math.max(activation, lead);
        if (switchAfter * 3 > (hard - soft) * 1000) {
            throw e.at(Math.max(activation, lead) == lead ? "rekeyLeadMillis" : "activationDelayMillis",
                    "a renewal starts at softLifetimeS (" + soft + " s) and switches " + switchAfter + " ms later, which "
                            + "must be at most a third of the time to hardLifetimeS (" + hard + " s): the new outbound "
                            + "MSA renews that long after its own switch, and members' MSAs of the epoch before must "
                            + "still be alive then");
        }
        return new org.miked.api.policy.KeyTiming(activation, deactivation, lead);
    }

    /**
     * Reads one property; a value DS cannot convert to the field's type becomes a field error, and so does
     * a string that looks like FileInstall's typed syntax.
     */
    private static <T> T read(FieldErrors e, String field, Supplier<T> getter) {
        T value;
        try {
            value = getter.get();
        } catch (RuntimeException x) {
            Throwable root = x;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw e.at(field, "cannot be converted to the field's type (" + root.getClass().getSimpleName() + ": "
                    + root.getMessage() + ")");
        }
        if (value instanceof String s) {
            typedSyntax(e, field, s);
        } else if (value instanceof String[] a) {
            for (String s : a) {
                typedSyntax(e, field, s);
            }
        }
        return value;
    }

    /**
     * FileInstall 3.7.4 parses typed values ({@code "x"}, {@code I"5"}, {@code ["a","b"]}) only when every
     * value of the file is typed; otherwise the quotes reach the configuration verbatim.
     */
    private static void typedSyntax(FieldErrors e, String field, String s) {
        if (s != null && TYPED.matcher(s.trim()).matches()) {
            throw e.at(field, "'" + s.trim() + "' looks like FileInstall's typed syntax in a file that is not "
                    + "typed throughout: FileInstall parses typed values only if every value in the file is typed; "
                    + "quote every value or none");
        }
    }

    private static GroupId group(FieldErrors e, String raw) {
        String v = ConfigValues.text(raw);
        if (v.isEmpty()) {
            throw e.at("group", "required: the group name");
        }
        try {
            return GroupId.of(v);
        } catch (IllegalArgumentException x) {
            throw e.at("group", x.getMessage());
        }
    }

    private static Role role(FieldErrors e, String raw) {
        return switch (ConfigValues.text(raw).toLowerCase(Locale.ROOT)) {
            case "sender" -> Role.SENDER;
            case "receiver" -> Role.RECEIVER;
            default -> throw e.at("role", "must be sender or receiver, got '" + ConfigValues.text(raw) + "'");
        };
    }

    private static List<SenderEntry> senders(FieldErrors e, String[] raw, int family) {
        List<String> items = ConfigValues.items(raw);
        if (items.isEmpty()) {
            throw e.at("senders", "required: at least one id@address");
        }
        if (items.size() > MAX_SENDERS) {
            throw e.at("senders", "at most " + MAX_SENDERS + " senders, got " + items.size());
        }
        List<SenderEntry> out = new ArrayList<>();
        Set<MemberId> seen = new HashSet<>();
        for (String item : items) {
            int at = item.indexOf('@');
            if (at < 0) {
                throw e.at("senders", "'" + item + "': expected id@address");
            }
            MemberId id = Fields.memberId(e, "senders", item.substring(0, at).trim());
            String address = item.substring(at + 1).trim();
            byte[] a = Fields.address(e, "senders", address);
            if (IpLiteral.isMulticast(a) || IpLiteral.isUnspecified(a)) {
                throw e.at("senders", "'" + item + "': a sender's address must be a unicast address");
            }
            if (a.length != family) {
                throw e.at("senders", "'" + item + "': must be IPv" + (family == 4 ? 4 : 6)
                        + " like dataAddress (the sender is the source of its MSA)");
            }
            if (!seen.add(id)) {
                throw e.at("senders", "sender id '" + id + "' appears more than once");
            }
            out.add(new SenderEntry(id, address));
        }
        return out;
    }

    private static MemberId keyServer(FieldErrors e, String raw, List<SenderEntry> senders, Role role) {
        String v = ConfigValues.text(raw);
        if (v.isEmpty()) {
            throw e.at("keyServer", role == Role.SENDER ? "required: at a sender its own member id"
                    : "required: the id of the sender that serves this receiver");
        }
        MemberId id = Fields.memberId(e, "keyServer", v);
        if (senders.stream().noneMatch(s -> s.id().equals(id))) {
            throw e.at("keyServer", "'" + id + "' is not one of the senders "
                    + senders.stream().map(s -> s.id().id()).toList()
                    + (role == Role.SENDER ? " (at a sender keyServer is the host itself, which must be a sender)"
                            : ""));
        }
        return id;
    }

    private static Map<String, String> params(FieldErrors e, String[] raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : ConfigValues.items(raw)) {
            int eq = item.indexOf('=');
            String key = eq < 0 ? "" : item.substring(0, eq).trim();
            if (eq < 0 || key.isEmpty()) {
                throw e.at("params", "'" + item + "': expected key=value with a non-empty key");
            }
            if (!key.matches("[A-Za-z0-9._-]+")) {
                throw e.at("params", "key '" + key + "' is not 1 or more characters of [A-Za-z0-9._-]");
            }
            String value = item.substring(eq + 1).trim();
            if (value.isEmpty()) {
                throw e.at("params", "'" + key + "' has an empty value");
            }
            if (out.putIfAbsent(key, value) != null) {
                throw e.at("params", "'" + key + "' is given more than once");
            }
        }
        return out;
    }

    /** Member ids, address literals, or prefixes; a receiver must not exclude its own key server. */
    /**
     * A receiver's backup key servers, in order: senders, not its key server, none twice.
     */
    private static List<MemberId> backupKeyServers(FieldErrors e, String[] raw, Role role, List<SenderEntry> senders,
            MemberId keyServer) {
        List<String> items = ConfigValues.items(raw);
        if (items.isEmpty()) {
            return List.of();
        }
        if (role != Role.RECEIVER) {
            throw e.at("backupKeyServers", "only a receiver has backup key servers (a sender backs up receivers with "
                    + "backupReceivers)");
        }
        List<MemberId> out = new ArrayList<>();
        for (String item : items) {
            MemberId id = Fields.memberId(e, "backupKeyServers", item);
            if (id.equals(keyServer)) {
                throw e.at("backupKeyServers", "'" + id + "' is this receiver's keyServer: a backup is another sender");
            }
            if (senders.stream().noneMatch(s -> s.id().equals(id))) {
                throw e.at("backupKeyServers", "'" + id + "' is not one of the senders "
                        + senders.stream().map(s -> s.id().id()).toList());
            }
            if (out.contains(id)) {
                throw e.at("backupKeyServers", "'" + id + "' is listed twice");
            }
            out.add(id);
        }
        return List.copyOf(out);
    }

    /**
     * The receivers a sender's key server serves ({@code servedReceivers}) or backs up ({@code backupReceivers}):
     * ids, or {@code file:} lists of one id per line.
     */
    private java.util.Set<MemberId> receivers(FieldErrors e, String field, String[] raw, Role role,
            List<SenderEntry> senders) {
        return receivers(e, field, raw, role, senders, null, null);
    }

    /**
     * As above; with {@code primaries} non-null an entry may be {@code receiver@keyServer} (backupReceivers): the
     * key server, one of the senders but not this one, goes to {@code primaries}.
     */
    private java.util.Set<MemberId> receivers(FieldErrors e, String field, String[] raw, Role role,
            List<SenderEntry> senders, MemberId self, Map<MemberId, MemberId> primaries) {
        List<String> items = ConfigValues.items(raw);
        if (items.isEmpty()) {
            return java.util.Set.of();
        }
        if (role != Role.SENDER) {
            throw e.at(field, field.equals("servedReceivers") ? "only a sender serves receivers"
                    : "only a sender backs up receivers (a receiver names its backups with backupKeyServers)");
        }
        java.util.Set<MemberId> out = new java.util.LinkedHashSet<>();
        for (String item : items) {
            if (item.startsWith("file:")) {
                java.nio.file.Path p = java.nio.file.Path.of(item.substring(5).replaceFirst("^//", ""));
                String text;
                try {
                    text = files.read(p);
                } catch (java.io.IOException | RuntimeException x) {
                    throw e.at(field, "cannot read " + p + ": " + x.getClass().getSimpleName()
                            + (x.getMessage() == null ? "" : " " + x.getMessage()));
                }
                String[] lines = text.split("\\R");
                for (int i = 0; i < lines.length; i++) {
                    String line = lines[i].trim();
                    if (!line.isEmpty() && !line.startsWith("#")) {
                        out.add(entry(e, field, line, senders, self, primaries));
                    }
                }
            } else {
                out.add(entry(e, field, item, senders, self, primaries));
            }
        }
        for (SenderEntry s : senders) {
            if (out.contains(s.id())) {
                throw e.at(field, "'" + s.id() + "' is a sender, not a receiver");
            }
        }
        return out;
    }

    private static MemberId entry(FieldErrors e, String field, String text, List<SenderEntry> senders, MemberId self,
            Map<MemberId, MemberId> primaries) {
        int at = text.indexOf('@');
        if (primaries == null || at < 0) {
            return Fields.memberId(e, field, text);
        }
        MemberId r = Fields.memberId(e, field, text.substring(0, at).trim());
        MemberId p = Fields.memberId(e, field, text.substring(at + 1).trim());
        if (p.equals(self) || senders.stream().noneMatch(s -> s.id().equals(p))) {
            throw e.at(field, "'" + text + "': '" + p + "' is not another sender "
                    + senders.stream().map(s -> s.id().id()).toList() + " (expected receiverId or receiverId@keyServer)");
        }
        MemberId before = primaries.put(r, p);
        if (before != null && !before.equals(p)) {
            throw e.at(field, "'" + r + "' is listed with key servers " + before + " and " + p);
        }
        return r;
    }

    private static List<String> excluded(FieldErrors e, String[] raw, List<SenderEntry> senders,
            MemberId keyServer) {
        byte[] serverAddress = senders.stream().filter(s -> s.id().equals(keyServer)).findFirst()
                .map(s -> IpLiteral.parse(s.address())).orElseThrow();
        List<String> out = new ArrayList<>();
        for (String item : ConfigValues.items(raw)) {
            boolean hit;
            if (item.indexOf('/') >= 0) {
                try {
                    hit = IpLiteral.parsePrefix(item).contains(serverAddress);
                } catch (IllegalArgumentException x) {
                    throw e.at("excluded", x.getMessage());
                }
            } else if (item.matches("[0-9.]+")) {
                hit = Arrays.equals(Fields.address(e, "excluded", item), serverAddress);
            } else {
                byte[] literal = tryAddress(item);
                hit = literal != null ? Arrays.equals(literal, serverAddress)
                        : Fields.memberId(e, "excluded", item).equals(keyServer);
            }
            if (hit) {
                throw e.at("excluded", "'" + item + "' excludes the key server '" + keyServer + "'");
            }
            out.add(item);
        }
        return out;
    }

    private static byte[] tryAddress(String s) {
        try {
            return IpLiteral.parse(s);
        } catch (IllegalArgumentException x) {
            return null;
        }
    }

    /** Checks of the credentials against the role and the authentication schemes. */
    private record CredentialRules(FieldErrors e, KeyMaterial keys) {
        Credentials check(Role role, List<SenderEntry> senders, MemberId keyServer, String auth, String rekeyAuth,
                boolean emcon, String signingRaw, String[] verifyRaw, String[] individualRaw) {
            boolean sigUsed = SIG.equals(auth) || SIG.equals(rekeyAuth);
            byte[] signing = keys.single("signingKey", signingRaw);
            if (sigUsed && signing.length != 0 && signing.length != Ed25519.KEY_BYTES) {
                throw e.at("signingKey", "an Ed25519 private key is " + Ed25519.KEY_BYTES + " bytes, got "
                        + signing.length);
            }
            if (SIG.equals(auth) && !emcon && signing.length == 0) {
                throw e.at("signingKey", "required: auth 'sig' signs every message this host sends "
                        + "(only an EMCON receiver sends nothing)");
            }
            Map<MemberId, byte[]> verify = keys.map("verifyKeys", ConfigValues.items(verifyRaw));
            for (var k : verify.entrySet()) {
                if (sigUsed && k.getValue().length != Ed25519.KEY_BYTES) {
                    throw e.at("verifyKeys", "key of '" + k.getKey() + "': an Ed25519 public key is "
                            + Ed25519.KEY_BYTES + " bytes, got " + k.getValue().length);
                }
            }
            if (SIG.equals(auth) && role == Role.SENDER) {
                for (SenderEntry s : senders) {
                    if (!s.id().equals(keyServer) && !verify.containsKey(s.id())) {
                        throw e.at("verifyKeys", "no public key of sender '" + s.id()
                                + "': its agreement messages could not be verified");
                    }
                }
            }
            if (sigUsed && role == Role.RECEIVER && !verify.containsKey(keyServer)) {
                throw e.at("verifyKeys", "no public key of the key server '" + keyServer
                        + "': its rekey messages could not be verified");
            }
            byte[] own = verify.get(keyServer);
            if (sigUsed && role == Role.SENDER && own != null && signing.length != 0
                    && !Arrays.equals(Ed25519.publicOf(signing), own)) {
                throw e.at("signingKey", "does not match the public key of '" + keyServer + "' in verifyKeys");
            }
            Map<MemberId, byte[]> individual = keys.map("individualKeys", ConfigValues.items(individualRaw));
            for (var k : individual.entrySet()) {
                if (!INDIVIDUAL_KEY_BYTES.contains(k.getValue().length)) {
                    throw e.at("individualKeys", "key of '" + k.getKey() + "' must be 16, 24 or 32 bytes, got "
                            + k.getValue().length);
                }
            }
            if (emcon && individual.isEmpty()) {
                throw e.at("individualKeys", "required in EMCON: the receiver's pre-provisioned key, since it "
                        + "cannot register");
            }
            return new Credentials(signing, verify, individual);
        }
    }
}
