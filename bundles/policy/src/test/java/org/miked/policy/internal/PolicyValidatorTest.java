package org.miked.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.miked.policy.internal.Samples.receiver;
import static org.miked.policy.internal.Samples.sender;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.policy.CryptoSuite;
import org.miked.api.policy.Credentials;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.PolicyException;
import org.miked.api.policy.SenderEntry;
import org.miked.api.sa.IpsecProtocol;
import org.miked.common.crypto.Hex;

/** Valid configurations, list syntax, file references and the sample files. */
class PolicyValidatorTest {
    private final PolicyValidator validator = new PolicyValidator();

    private static final List<SenderEntry> SENDERS = List.of(new SenderEntry(MemberId.of("s01"), "fd00::1"),
            new SenderEntry(MemberId.of("s02"), "fd00::2"), new SenderEntry(MemberId.of("s03"), "fd00::3"));

    /** The documented rule: controlAddress ff3e::4d:2 plus 1 + the sender's index. */
    private static final List<String> DERIVED = List.of("ff3e::4d:3", "ff3e::4d:4", "ff3e::4d:5");

    private GroupPolicy validate(Map<String, Object> props) {
        return validator.validate(Configs.group(props));
    }

    private static Map<MemberId, byte[]> keys(String... idHex) {
        Map<MemberId, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < idHex.length; i += 2) {
            m.put(MemberId.of(idHex[i]), Hex.decode(idHex[i + 1]));
        }
        return m;
    }

    private static GroupPolicy expectedSender() {
        Credentials c = new Credentials(Hex.decode(Samples.S01_PRIVATE),
                keys("s01", Samples.S01_PUBLIC, "s02", Samples.S02_PUBLIC, "s03", Samples.S03_PUBLIC, "r00001",
                        Samples.R00001_PUBLIC),
                keys("r00002", Samples.R00002_LEAF));
        return new GroupPolicy(GroupId.of("trial"), Role.SENDER, "ff3e::4d:1", 5004, "ff3e::4d:2", 5100, DERIVED, SENDERS,
                MemberId.of("s01"), "bd", "lkh", "sig", "sig", "memory", Map.of("lkh.degree", "4"),
                CryptoSuite.DEFAULT, 3300, 3600, 1000, 86400, false, List.of("r00666", "fd00:dead::/32", "10.99.0.0/16"),
                c);
    }

    @Test
    void senderSampleFileParsesIntoTheExpectedPolicy() throws Exception {
        Map<String, Object> props = Samples.fileInstall(Samples.SENDER_SAMPLE);
        assertThat(props.get("senders")).as("plain .cfg: a list is one string").isInstanceOf(String.class);
        GroupPolicy p = validate(props);
        assertThat(p).isEqualTo(expectedSender());
        assertThat(p.credentials().verifyKey(MemberId.of("s02"))).isEqualTo(Hex.decode(Samples.S02_PUBLIC));
        assertThat(p.intParam("lkh.degree", 2)).isEqualTo(4);
    }

    @Test
    void typedReceiverSampleFileParsesIntoAnEmconReceiver() throws Exception {
        Map<String, Object> props = Samples.fileInstall(Samples.TYPED_RECEIVER_SAMPLE);
        assertThat(props.get("senders")).as("typed .cfg: a real multi-value").isInstanceOf(String[].class);
        assertThat(props.get("controlPort")).isEqualTo(5100);
        GroupPolicy p = validate(props);
        Credentials c = new Credentials(new byte[0], keys("s01", Samples.S01_PUBLIC), keys("r00002",
                Samples.R00002_LEAF));
        assertThat(p).isEqualTo(new GroupPolicy(GroupId.of("trial"), Role.RECEIVER, "ff3e::4d:1", 5004, "ff3e::4d:2",
                5100, DERIVED, SENDERS, MemberId.of("s01"), "bd", "lkh", "sig", "sig", "memory", Map.of("lkh.degree", "4"),
                CryptoSuite.DEFAULT, 3300, 3600, 1000, 86400, true, List.of(), c));
    }

    @Test
    void defaultsAreTheDocumentedOnesAndTheSuiteIsCryptoSuiteDefault() {
        Map<String, Object> minimal = sender();
        for (String k : List.of("params", "excluded", "individualKeys")) {
            minimal.remove(k);
        }
        GroupPolicy p = validate(minimal);
        assertThat(p.suite()).isEqualTo(CryptoSuite.DEFAULT);
        assertThat(List.of(p.agreement(), p.distribution(), p.auth(), p.rekeyAuth(), p.saSink()))
                .containsExactly("bd", "lkh", "sig", "sig", "memory");
        assertThat(p.dataPort()).isEqualTo(5004);
        assertThat(p.softLifetimeS()).isEqualTo(GroupPolicyConfig.DEFAULT_SOFT_LIFETIME_S);
        assertThat(p.hardLifetimeS()).isEqualTo(GroupPolicyConfig.DEFAULT_HARD_LIFETIME_S);
        assertThat(p.rekeyBatchMillis()).isEqualTo(GroupPolicyConfig.DEFAULT_REKEY_BATCH_MILLIS);
        assertThat(p.agreementIntervalS()).isEqualTo(GroupPolicyConfig.DEFAULT_AGREEMENT_INTERVAL_S);
        assertThat(p.leaseSeconds()).isEqualTo(600);
        assertThat(p.emcon()).isFalse();
        assertThat(p.params()).isEmpty();
        assertThat(p.excluded()).isEmpty();
    }

    @Test
    void perServerRekeyChannelsAreTheDefaultAndListedAddressesOverrideTheDerivedOnes() {
        assertThat(validate(sender()).rekeyAddresses()).isEqualTo(DERIVED);
        GroupPolicy p = validate(receiver("rekeyAddresses", "s02@ff3e::77:2"));
        assertThat(p.rekeyAddresses()).containsExactly("ff3e::4d:3", "ff3e::77:2", "ff3e::4d:5");
        assertThat(p.rekeyAddressOf(p.keyServer())).isEqualTo("ff3e::77:2");
        GroupPolicy shared = validate(receiver("rekeyChannels", "SHARED"));
        assertThat(shared.rekeyAddresses()).isEmpty();
        assertThat(shared.rekeyAddressOf(shared.keyServer())).isEqualTo("ff3e::4d:2");
        // a control address at the end of the range: listing every sender avoids the derived rule
        GroupPolicy listed = validate(sender("controlAddress", "ff3e::ffff:ffff",
                "rekeyAddresses", "s01@ff3e::1:1, s02@ff3e::1:2, s03@ff3e::1:3"));
        assertThat(listed.rekeyAddresses()).containsExactly("ff3e::1:1", "ff3e::1:2", "ff3e::1:3");
    }

    @Test
    void receiverIsValidAndItsKeyServerIsTheConfiguredSender() {
        GroupPolicy p = validate(receiver());
        assertThat(p.role()).isEqualTo(Role.RECEIVER);
        assertThat(p.keyServer()).isEqualTo(MemberId.of("s02"));
        assertThat(p.dataPort()).isZero();
        assertThat(p.credentials().signingKey()).hasSize(32);
    }

    @Test
    void listsMayBeMultiValuesCommaSeparatedOrBoth() {
        GroupPolicy p = validate(sender("senders", new String[] { " s01@fd00::1 ,s02@fd00::2", "", "s03@fd00::3 " },
                "params", List.of("lkh.degree = 4", " bd.x=a=b "), "excluded", new String[] { "r1", "r2, 10.0.0.0/8" }));
        assertThat(p.senders()).isEqualTo(SENDERS);
        assertThat(p.params()).containsExactlyInAnyOrderEntriesOf(Map.of("lkh.degree", "4", "bd.x", "a=b"));
        assertThat(p.excluded()).containsExactly("r1", "r2", "10.0.0.0/8");
    }

    @Test
    void acceptsIpv4GroupsAndCaseInsensitiveEnums() {
        GroupPolicy p = validate(sender("dataAddress", "239.1.2.3", "controlAddress", "239.1.2.4",
                "senders", "s01@10.0.0.1, s02@10.0.0.2, s03@10.0.0.3", "role", "SENDER", "protocol", "esp"));
        assertThat(p.dataAddress()).isEqualTo("239.1.2.3");
        assertThat(p.senders().get(2)).isEqualTo(new SenderEntry(MemberId.of("s03"), "10.0.0.3"));
    }

    @Test
    void sameAddressForDataAndControlIsFineOnDifferentPorts() {
        GroupPolicy p = validate(sender("controlAddress", "ff3e::4d:1"));
        assertThat(p.controlAddress()).isEqualTo(p.dataAddress());
    }

    @Test
    void acceptsAhEspWithCbcAndHmacAndUnknownWellFormedAlgorithms() {
        GroupPolicy ah = validate(sender("protocol", "AH_ESP", "encryption", "cbc(aes)", "encryptionKeyBits", 256,
                "integrity", "hmac(sha256)", "integrityKeyBits", 256, "icvBits", 128));
        assertThat(ah.suite()).isEqualTo(new CryptoSuite(IpsecProtocol.AH_ESP, "cbc(aes)", 256, "hmac(sha256)", 256,
                128, "none"));
        assertThat(ah.suite().keyMaterialBytes()).isEqualTo(64);
        GroupPolicy later = validate(sender("encryption", "rfc9999(future)", "encryptionKeyBits", 256,
                "sourceAuthentication", "tesla"));
        assertThat(later.suite().encryption()).isEqualTo("rfc9999(future)");
    }

    @Test
    void unknownProtocolNamesAreAcceptedForBundlesDeployedLater() {
        GroupPolicy p = validate(sender("agreement", "gdh3", "distribution", "ofc", "saSink", "xfrm"));
        assertThat(p.agreement()).isEqualTo("gdh3");
        assertThat(p.saSink()).isEqualTo("xfrm");
    }

    @Test
    void withoutSignatureSchemesKeysNeedNoEd25519Length() {
        GroupPolicy p = validate(receiver("auth", "hmac", "rekeyAuth", "tesla", "signingKey", "", "verifyKeys",
                "s02=abcd"));
        assertThat(p.credentials().verifyKey(MemberId.of("s02"))).hasSize(2);
    }

    @Test
    void keysCanBeReadFromFiles(@TempDir Path dir) throws Exception {
        Path signing = Files.writeString(dir.resolve("s01.key"), "# s01's private key\n"
                + Samples.S01_PRIVATE.substring(0, 32) + "\n" + Samples.S01_PRIVATE.substring(32) + "\n");
        Path s02 = Files.writeString(dir.resolve("s02.pub"), Samples.S02_PUBLIC + "\n");
        Path list = Files.writeString(dir.resolve("trial.pub"), "# public keys of group trial\n\n"
                + "s03 = " + Samples.S03_PUBLIC + "\n" + "r00001=" + Samples.R00001_PUBLIC + "\r\n");
        Path leaves = Files.writeString(dir.resolve("leaves"), "r00002=" + Samples.R00002_LEAF + "\n");
        GroupPolicy p = validate(sender("signingKey", "file:" + signing,
                "verifyKeys", new String[] { "s01=" + Samples.S01_PUBLIC, "s02=file://" + s02, "file:" + list },
                "individualKeys", "file:" + leaves));
        assertThat(p).isEqualTo(expectedSender());
    }

    @Test
    void unreadableKeyFileIsRejectedNamingFieldAndPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.key");
        assertThatThrownBy(() -> validate(sender("signingKey", "file:" + missing)))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("policy for group 'trial': field 'signingKey': cannot read " + missing)
                .hasMessageContaining("NoSuchFileException");
    }

    @Test
    void badLineInAKeyFileIsNamedByFileAndLine(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("trial.pub"), "s02=" + Samples.S02_PUBLIC + "\ns03 "
                + Samples.S03_PUBLIC + "\n");
        assertThatThrownBy(() -> validate(sender("verifyKeys", "file:" + list)))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("field 'verifyKeys': file " + list + " line 2: expected memberId=hexKey");
    }

    @Test
    void servedReceiversAreIdsOrFilesOfIdsAndOnlyAtASender(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("s01.served"), "# s01's receivers\nr00003\n\nr00004\n");
        GroupPolicy p = validate(sender("servedReceivers", new String[] {"r00001, r00002", "file:" + list}));
        assertThat(p.servedReceivers()).containsExactlyInAnyOrder(MemberId.of("r00001"), MemberId.of("r00002"),
                MemberId.of("r00003"), MemberId.of("r00004"));
        assertThat(p.serves(MemberId.of("r00004"))).isTrue();
        assertThat(p.serves(MemberId.of("r00005"))).isFalse();
        assertThat(validate(sender()).serves(MemberId.of("r00005"))).as("no list: any receiver").isTrue();
        assertThatThrownBy(() -> validate(receiver("servedReceivers", "r00001")))
                .hasMessageContaining("field 'servedReceivers': only a sender serves receivers");
        assertThatThrownBy(() -> validate(sender("servedReceivers", "s02")))
                .hasMessageContaining("field 'servedReceivers': 's02' is a sender, not a receiver");
        assertThatThrownBy(() -> validate(sender("servedReceivers", "r 1")))
                .hasMessageContaining("field 'servedReceivers'");
        Path bad = Files.writeString(dir.resolve("bad.served"), "r00001\nr/2\n");
        assertThatThrownBy(() -> validate(sender("servedReceivers", "file:" + bad)))
                .hasMessageContaining("field 'servedReceivers'");
    }

    @Test
    void failoverListsAreOrderedBackupsAtAReceiverAndBackedUpReceiversAtASender(@TempDir Path dir) throws Exception {
        GroupPolicy r = validate(receiver("backupKeyServers", "s03, s01"));
        assertThat(r.backupKeyServers()).containsExactly(MemberId.of("s03"), MemberId.of("s01"));
        assertThat(r.keyServers()).as("key server first, then the backups in order")
                .containsExactly(MemberId.of("s02"), MemberId.of("s03"), MemberId.of("s01"));
        assertThat(validate(receiver()).backupKeyServers()).as("absent: no failover").isEmpty();

        Path list = Files.writeString(dir.resolve("s01.backups"), "# s02's receivers\nr00003\n");
        GroupPolicy s = validate(sender("backupReceivers", new String[] {"r00002", "file:" + list}));
        assertThat(s.backupReceivers()).containsExactlyInAnyOrder(MemberId.of("r00002"), MemberId.of("r00003"));
        assertThat(s.backsUp(MemberId.of("r00003"))).isTrue();
        assertThat(s.serves(MemberId.of("r00003"))).as("a backup receiver is not served in normal operation").isFalse();
        assertThat(s.serves(MemberId.of("r00004"))).as("no servedReceivers: every other receiver").isTrue();
        assertThat(s.backupPrimaries()).isEmpty();

        Path qualified = Files.writeString(dir.resolve("s01.backups2"), "r00005@s03\n");
        GroupPolicy q = validate(sender("backupReceivers", new String[] {"r00002@s02, r00003", "file:" + qualified}));
        assertThat(q.backupReceivers()).containsExactlyInAnyOrder(MemberId.of("r00002"), MemberId.of("r00003"),
                MemberId.of("r00005"));
        assertThat(q.backupPrimaries()).containsEntry(MemberId.of("r00002"), MemberId.of("s02"))
                .containsEntry(MemberId.of("r00005"), MemberId.of("s03")).doesNotContainKey(MemberId.of("r00003"));
    }

    @Test
    void emptyFileReferenceIsRejected() {
        assertThatThrownBy(() -> validate(sender("signingKey", "file:")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("field 'signingKey': 'file:' names no file");
    }

    @Test
    void namedConstantsMatchTheApiDefaults() {
        CryptoSuite d = CryptoSuite.DEFAULT;
        assertThat(new CryptoSuite(IpsecProtocol.valueOf(GroupPolicyConfig.DEFAULT_PROTOCOL),
                GroupPolicyConfig.DEFAULT_ENCRYPTION, GroupPolicyConfig.DEFAULT_ENCRYPTION_KEY_BITS,
                GroupPolicyConfig.DEFAULT_INTEGRITY, GroupPolicyConfig.DEFAULT_INTEGRITY_KEY_BITS,
                GroupPolicyConfig.DEFAULT_ICV_BITS, GroupPolicyConfig.DEFAULT_SOURCE_AUTHENTICATION)).isEqualTo(d);
    }

    @Test
    void leaseSecondsIsZeroForNoLeaseOrAtLeastThirtySeconds() {
        assertThat(validate(receiver("leaseSeconds", 0L)).leaseSeconds()).isZero();
        assertThat(validate(sender("leaseSeconds", 30L)).leaseSeconds()).isEqualTo(30);
        assertThat(validate(receiver("emcon", true, "individualKeys", "r00001=" + "00".repeat(16), "leaseSeconds", 600L))
                .leaseSeconds()).as("accepted in EMCON too; it is never applied to an EMCON receiver").isEqualTo(600);
    }

    /** Issue 12: the delays of a key change, named when wrong. */
    @Test
    void keyTimingIsReadAndCheckedAgainstTheLifetimes() {
        var t = validate(sender("activationDelayMillis", 2_000L, "deactivationDelayMillis", 0L, "rekeyLeadMillis", 20_000L))
                .timing();
        assertThat(t).isEqualTo(new org.miked.api.policy.KeyTiming(2_000, 0, 20_000));
        assertThat(validate(receiver()).timing()).isEqualTo(org.miked.api.policy.KeyTiming.DEFAULT);
        assertThatThrownBy(() -> validate(sender("activationDelayMillis", -1L))).hasMessageContaining("activationDelayMillis");
        assertThatThrownBy(() -> validate(sender("rekeyLeadMillis", 3_600_001L))).hasMessageContaining("rekeyLeadMillis");
        assertThatThrownBy(() -> validate(sender("softLifetimeS", 3_500L, "hardLifetimeS", 3_600L, "rekeyLeadMillis", 40_000L)))
                .hasMessageContaining("rekeyLeadMillis").hasMessageContaining("a third of the time to hardLifetimeS");
    }
}
