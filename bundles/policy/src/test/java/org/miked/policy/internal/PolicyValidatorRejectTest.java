package org.miked.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.miked.policy.internal.Samples.receiver;
import static org.miked.policy.internal.Samples.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.miked.api.policy.PolicyException;

/** Every field's checks: each rejection names group, field and reason. */
class PolicyValidatorRejectTest {
    private final PolicyValidator validator = new PolicyValidator();

    static Stream<Arguments> invalid() {
        return Stream.of(
                row("role", "must be sender or receiver, got 'master'", sender("role", "master")),
                row("role", "typed syntax", sender("role", "\"sender\"")),
                row("dataAddress", "required", sender("dataAddress", null)),
                row("dataAddress", "not a multicast address", sender("dataAddress", "10.0.0.1")),
                row("dataAddress", "not an IP address literal", sender("dataAddress", "example.org")),
                row("dataAddress", "IPv6 group '4d1x'", sender("dataAddress", "ff3e::4d1x")),
                row("dataAddress", "zone ids", sender("dataAddress", "ff02::1%eth0")),
                row("dataPort", "must be 0..65535, got 70000", sender("dataPort", "70000")),
                row("dataPort", "must be 0..65535, got -1", sender("dataPort", -1)),
                row("dataPort", "cannot be converted to the field's type (NumberFormatException: ",
                        sender("dataPort", "abc")),
                row("controlAddress", "not a multicast address", sender("controlAddress", "fd00::1")),
                row("controlAddress", "same address and port", sender("controlAddress", "ff3e::4d:1", "dataPort", "0")),
                row("controlPort", "must be 1..65535, got 0", sender("controlPort", null)),
                row("controlPort", "must be 1..65535, got 65536", sender("controlPort", 65536)),
                row("senders", "required", sender("senders", null)),
                row("senders", "'s01': expected id@address", sender("senders", "s01")),
                row("senders", "must be a unicast address", sender("senders", "s01@ff3e::1")),
                row("senders", "must be IPv6 like dataAddress", sender("senders", "s01@10.0.0.1")),
                row("senders", "'s01' appears more than once", sender("senders", "s01@fd00::1, s01@fd00::2")),
                row("senders", "at most 25 senders, got 26", sender("senders", manySenders(26))),
                row("senders", "member id must be", sender("senders", "bad id@fd00::1")),
                row("rekeyChannels", "must be per-server or shared, got 'each'", sender("rekeyChannels", "each")),
                row("rekeyChannels", "overflows the last 32 bits", sender("controlAddress", "ff3e::ffff:fffe")),
                row("rekeyChannels", "rekey address ff3e::4d:1 of s01 (derived) is dataAddress with any port",
                        sender("controlAddress", "ff3e::4d:0", "dataPort", "0")),
                row("rekeyAddresses", "only with rekeyChannels = per-server",
                        sender("rekeyChannels", "shared", "rekeyAddresses", "s01@ff3e::99")),
                row("rekeyAddresses", "'s09' is not one of the senders", sender("rekeyAddresses", "s09@ff3e::99")),
                row("rekeyAddresses", "expected senderId@multicastAddress", sender("rekeyAddresses", "ff3e::99")),
                row("rekeyAddresses", "not a multicast address", sender("rekeyAddresses", "s01@fd00::9")),
                row("rekeyAddresses", "not of controlAddress's family", sender("rekeyAddresses", "s01@239.1.1.1")),
                row("rekeyAddresses", "is controlAddress", sender("rekeyAddresses", "s02@ff3e::4d:2")),
                row("rekeyAddresses", "is also the rekey address of s01",
                        sender("rekeyAddresses", "s02@FF3E::4D:3")),
                row("rekeyAddresses", "listed more than once",
                        sender("rekeyAddresses", "s01@ff3e::98, s01@ff3e::99")),
                row("keyServer", "required", sender("keyServer", " ")),
                row("keyServer", "'s09' is not one of the senders", sender("keyServer", "s09")),
                row("keyServer", "'s09' is not one of the senders", receiver("keyServer", "s09")),
                row("agreement", "empty value", sender("agreement", "")),
                row("agreement", "'b d' is not a name", sender("agreement", "b d")),
                row("distribution", "empty value", sender("distribution", " ")),
                row("auth", "'s!g' is not a name", sender("auth", "s!g")),
                row("rekeyAuth", "'x*' is not a name", sender("rekeyAuth", "x*")),
                row("saSink", "empty value", sender("saSink", "")),
                row("params", "non-empty key", sender("params", "=4")),
                row("params", "expected key=value", sender("params", "lkh.degree")),
                row("params", "'lkh.degree' is given more than once", sender("params", "lkh.degree=4,lkh.degree=5")),
                row("params", "'lkh.degree' has an empty value", sender("params", "lkh.degree=")),
                row("params", "key 'a b'", sender("params", "a b=1")),
                row("protocol", "must be ESP or AH_ESP, got 'AH'", sender("protocol", "AH")),
                row("encryption", "not a kernel algorithm name", sender("encryption", "cbc(aes")),
                row("encryption", "'none' is not a cipher", sender("encryption", "none")),
                row("encryptionKeyBits", "needs [160, 224, 288] bits, got 128", sender("encryptionKeyBits", 128)),
                row("encryptionKeyBits", "multiple of 8", sender("encryption", "foo(bar)", "encryptionKeyBits", 100)),
                row("integrity", "AEAD cipher: integrity must be 'none'",
                        sender("integrity", "hmac(sha256)", "integrityKeyBits", 256)),
                row("integrity", "needs an integrity algorithm", sender("encryption", "cbc(aes)",
                        "encryptionKeyBits", 128)),
                row("integrity", "AH_ESP needs an integrity algorithm", sender("protocol", "AH_ESP")),
                row("integrityKeyBits", "must be 0 with integrity 'none'", sender("integrityKeyBits", 256)),
                row("integrityKeyBits", "'hmac(sha256)' needs [256] bits, got 128", cbcHmac("integrityKeyBits", 128)),
                row("icvBits", "'rfc4106(gcm(aes))' allows [64, 96, 128], got 100", sender("icvBits", 100)),
                row("icvBits", "'hmac(sha256)' allows [128, 256], got 96", cbcHmac("icvBits", 96)),
                row("sourceAuthentication", "empty value", sender("sourceAuthentication", "")),
                row("softLifetimeS", "got 0", sender("softLifetimeS", 0)),
                row("hardLifetimeS", "must be above softLifetimeS (3300)", sender("hardLifetimeS", 3300)),
                row("hardLifetimeS", "at most 2592000", sender("hardLifetimeS", 2_592_001L)),
                row("rekeyBatchMillis", "got -1", sender("rekeyBatchMillis", -1)),
                row("rekeyBatchMillis", "0..600000, got 600001", sender("rekeyBatchMillis", 600_001)),
                row("agreementIntervalS", "must be 10..2592000, got 5", sender("agreementIntervalS", 5)),
                row("leaseSeconds", "must be 0 (no lease) or 30..2592000, got -1", receiver("leaseSeconds", -1L)),
                row("leaseSeconds", "got 29: a receiver refreshes at half its lease", sender("leaseSeconds", 29L)),
                row("leaseSeconds", "or 30..2592000, got 2592001", receiver("leaseSeconds", 2_592_001L)),
                row("leaseSeconds", "cannot be converted to the field's type", receiver("leaseSeconds", "abc")),
                row("emcon", "only a receiver can be in EMCON", sender("emcon", "true")),
                row("excluded", "prefix length must be 0..32", sender("excluded", "10.0.0.0/33")),
                row("excluded", "beyond the /8 prefix are set", sender("excluded", "10.0.0.1/8")),
                row("excluded", "'fd00::/16' excludes the key server 's01'", sender("excluded", "fd00::/16")),
                row("excluded", "'fd00::2' excludes the key server 's02'", receiver("excluded", "fd00::2")),
                row("excluded", "'s01' excludes the key server", sender("excluded", "r1, s01")),
                row("excluded", "member id must be", sender("excluded", "bad id")),
                row("excluded", "'10.1.2' is not an IP address literal", sender("excluded", "10.1.2")),
                row("signingKey", "not hex: not a hex digit at position 0", sender("signingKey", "zz")),
                row("signingKey", "32 bytes, got 31", sender("signingKey", Samples.S01_PRIVATE.substring(2))),
                row("signingKey", "required: auth 'sig' signs", sender("signingKey", null)),
                row("signingKey", "required: auth 'sig' signs", receiver("signingKey", "")),
                row("signingKey", "does not match the public key of 's01'", sender("signingKey", Samples.S02_PRIVATE)),
                row("verifyKeys", "expected memberId=hexKey", sender("verifyKeys", "s02")),
                row("verifyKeys", "32 bytes, got 2", sender("verifyKeys", "s02=abcd")),
                row("verifyKeys", "no public key of sender 's03'",
                        sender("verifyKeys", "s02=" + Samples.S02_PUBLIC)),
                row("verifyKeys", "no public key of the key server 's02'",
                        receiver("verifyKeys", "s01=" + Samples.S01_PUBLIC)),
                row("verifyKeys", "'s02' has more than one key", sender("verifyKeys",
                        "s02=" + Samples.S02_PUBLIC + ",s02=" + Samples.S02_PUBLIC + ",s03=" + Samples.S03_PUBLIC)),
                row("verifyKeys", "key of 's02' is empty", sender("verifyKeys", "s02=")),
                row("verifyKeys", "member id must be", sender("verifyKeys", "bad id=abcd")),
                row("individualKeys", "must be 16, 24 or 32 bytes, got 2", sender("individualKeys", "r00002=abcd")),
                row("individualKeys", "required in EMCON", receiver("emcon", true)),
                // issue 11, key-server failover (the receiver sample is served by s02)
                row("backupKeyServers", "'s02' is this receiver's keyServer", receiver("backupKeyServers", "s03, s02")),
                row("backupKeyServers", "'s09' is not one of the senders", receiver("backupKeyServers", "s09")),
                row("backupKeyServers", "'s03' is listed twice", receiver("backupKeyServers", "s03, s01, s03")),
                row("backupKeyServers", "member id must be", receiver("backupKeyServers", "bad id")),
                row("backupKeyServers", "only a receiver has backup key servers", sender("backupKeyServers", "s02")),
                row("backupReceivers", "only a sender backs up receivers", receiver("backupReceivers", "r00001")),
                row("backupReceivers", "'s02' is a sender, not a receiver", sender("backupReceivers", "r00001, s02")),
                row("backupReceivers", "'r00001' is in servedReceivers too",
                        sender("servedReceivers", "r00001, r00002", "backupReceivers", "r00003, r00001")),
                row("backupReceivers", "'s01' is not another sender", sender("backupReceivers", "r00002@s01")),
                row("backupReceivers", "'s09' is not another sender", sender("backupReceivers", "r00002@s09")),
                row("backupReceivers", "listed with key servers s02 and s03",
                        sender("backupReceivers", "r00002@s02, r00002@s03")),
                row("backupReceivers", "cannot read /nonexistent/backups",
                        sender("backupReceivers", "file:/nonexistent/backups")));
    }

    private static Map<String, Object> cbcHmac(Object... more) {
        Map<String, Object> p = sender("encryption", "cbc(aes)", "encryptionKeyBits", 128, "integrity", "hmac(sha256)",
                "integrityKeyBits", 256, "icvBits", 128);
        for (int i = 0; i < more.length; i += 2) {
            p.put((String) more[i], more[i + 1]);
        }
        return p;
    }

    private static String manySenders(int n) {
        List<String> s = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            s.add(String.format("s%02d@fd00::%x", i, i));
        }
        return String.join(",", s);
    }

    private static Arguments row(String field, String reason, Map<String, Object> props) {
        return Arguments.of(field, reason, props);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalid")
    void rejectsNamingGroupFieldAndReason(String field, String reason, Map<String, Object> props) {
        PolicyException e = catchThrowableOfType(PolicyException.class,
                () -> validator.validate(Configs.group(props)));
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.group()).isEqualTo("trial");
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).startsWith("policy for group 'trial': field '" + field + "': ").doesNotContain("\n");
    }

    @Test
    void aMissingOrInvalidGroupNameIsNamedAsFarAsItGoes() {
        PolicyException missing = catchThrowableOfType(PolicyException.class,
                () -> validator.validate(Configs.group(sender("group", null))));
        assertThat(missing.getMessage()).isEqualTo(
                "policy for group '(no group name)': field 'group': required: the group name");
        PolicyException bad = catchThrowableOfType(PolicyException.class,
                () -> validator.validate(Configs.group(sender("group", "two words"))));
        assertThat(bad.group()).isEqualTo("two words");
        assertThat(bad.field()).isEqualTo("group");
        assertThat(bad.reason()).contains("1-64 characters");
    }

    @Test
    void keyMaterialNeverAppearsInMessages() {
        String key = Samples.S01_PRIVATE.substring(2) + "zz";
        PolicyException e = catchThrowableOfType(PolicyException.class,
                () -> validator.validate(Configs.group(sender("signingKey", key))));
        assertThat(e.getMessage()).contains("not a hex digit at position 62").doesNotContain(key.substring(0, 16));
    }
}
