package org.miked.policy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One group's policy as a Config Admin factory configuration (factory PID {@value #FACTORY_PID}), one
 * configuration per group. Property names in a {@code .cfg} file are the method names. List properties
 * accept a real multi-value (FileInstall's {@code ["a","b"]}) and comma-separated values, or both.
 * Fields without a default are required. {@link PolicyValidator} checks every field; docs/policy.md
 * describes them with an example.
 */
@ObjectClassDefinition(id = GroupPolicyConfig.FACTORY_PID, name = "MIKED group policy",
        description = "Key management policy of one multicast group at this host")
public @interface GroupPolicyConfig {
    /** Factory PID of group policies. */
    String FACTORY_PID = "org.miked.policy.group";

    String DEFAULT_AGREEMENT = "bd";
    String DEFAULT_DISTRIBUTION = "lkh";
    String DEFAULT_AUTH = "sig";
    String DEFAULT_REKEY_AUTH = "sig";
    String DEFAULT_SA_SINK = "memory";
    String DEFAULT_REKEY_CHANNELS = "per-server";
    String DEFAULT_PROTOCOL = "ESP";
    /** Equal to {@code CryptoSuite.DEFAULT} (checked by a unit test). */
    String DEFAULT_ENCRYPTION = "rfc4106(gcm(aes))";
    int DEFAULT_ENCRYPTION_KEY_BITS = 160;
    String DEFAULT_INTEGRITY = "none";
    int DEFAULT_INTEGRITY_KEY_BITS = 0;
    int DEFAULT_ICV_BITS = 128;
    String DEFAULT_SOURCE_AUTHENTICATION = "none";
    long DEFAULT_SOFT_LIFETIME_S = 3300;
    long DEFAULT_HARD_LIFETIME_S = 3600;
    long DEFAULT_REKEY_BATCH_MILLIS = 1000;
    long DEFAULT_AGREEMENT_INTERVAL_S = 86400;
    long DEFAULT_LEASE_SECONDS = org.miked.api.policy.GroupPolicy.DEFAULT_LEASE_SECONDS;

    @AttributeDefinition(description = "Group name, 1-64 characters of [A-Za-z0-9._-]; unique among configurations")
    String group();

    @AttributeDefinition(description = "This host's role in the group", options = {
        @Option(label = "sender", value = "sender"), @Option(label = "receiver", value = "receiver") })
    String role();

    @AttributeDefinition(description = "Multicast address (literal, 224.0.0.0/4 or ff00::/8) of the protected traffic")
    String dataAddress();

    @AttributeDefinition(description = "Destination port of the protected traffic, 0 for any")
    int dataPort() default 0;

    @AttributeDefinition(description = "Multicast address (literal) of key-management messages")
    String controlAddress();

    @AttributeDefinition(description = "UDP port of key-management messages, 1-65535")
    int controlPort();

    @AttributeDefinition(description = "The group's senders as id@unicastAddress, at most 25, same order at every member")
    String[] senders();

    @AttributeDefinition(description = "At a receiver the id of its key server (a sender); at a sender its own id")
    String keyServer();

    @AttributeDefinition(description = "per-server: each key server sends its rekeys on its own multicast address "
            + "(rekeyAddresses, else controlAddress + 1 + its index in senders) and receivers join only their "
            + "server's; shared: every key server's rekeys go to controlAddress", options = {
        @Option(label = "per-server", value = "per-server"), @Option(label = "shared", value = "shared") })
    String rekeyChannels() default DEFAULT_REKEY_CHANNELS;

    @AttributeDefinition(description = "Rekey multicast addresses as senderId@address, overriding the derived "
            + "address of the senders listed (per-server channels only)")
    String[] rekeyAddresses() default {};

    @AttributeDefinition(description = "Key-agreement protocol among senders (bundle name, e.g. bd, gdh2)")
    String agreement() default DEFAULT_AGREEMENT;

    @AttributeDefinition(description = "Key-distribution protocol to receivers (e.g. lkh)")
    String distribution() default DEFAULT_DISTRIBUTION;

    @AttributeDefinition(description = "Authentication scheme of agreement, control and unicast messages")
    String auth() default DEFAULT_AUTH;

    @AttributeDefinition(description = "Authentication scheme of the key server's multicast rekey messages")
    String rekeyAuth() default DEFAULT_REKEY_AUTH;

    @AttributeDefinition(description = "SA sink the MSAs go to (memory, xfrm, pfkey)")
    String saSink() default DEFAULT_SA_SINK;

    @AttributeDefinition(description = "Protocol parameters as key=value, keys prefixed by protocol, e.g. lkh.degree=4")
    String[] params() default {};

    @AttributeDefinition(description = "IPsec protocol of the MSAs", options = {
        @Option(label = "ESP", value = "ESP"), @Option(label = "AH+ESP", value = "AH_ESP") })
    String protocol() default DEFAULT_PROTOCOL;

    @AttributeDefinition(description = "Encryption algorithm (kernel name)")
    String encryption() default DEFAULT_ENCRYPTION;

    @AttributeDefinition(description = "Encryption key length in bits (GCM: including the 32-bit salt)")
    int encryptionKeyBits() default DEFAULT_ENCRYPTION_KEY_BITS;

    @AttributeDefinition(description = "Integrity (MAC) algorithm, none for AEAD ciphers")
    String integrity() default DEFAULT_INTEGRITY;

    @AttributeDefinition(description = "MAC key length in bits (0 with none)")
    int integrityKeyBits() default DEFAULT_INTEGRITY_KEY_BITS;

    @AttributeDefinition(description = "ICV length in bits")
    int icvBits() default DEFAULT_ICV_BITS;

    @AttributeDefinition(description = "Source-authentication scheme of the data traffic (none, tesla, rsa-sha256)")
    String sourceAuthentication() default DEFAULT_SOURCE_AUTHENTICATION;

    @AttributeDefinition(description = "MSA soft lifetime in seconds (renewal starts)")
    long softLifetimeS() default DEFAULT_SOFT_LIFETIME_S;

    @AttributeDefinition(description = "MSA hard lifetime in seconds (the kernel drops the SA); above the soft lifetime")
    long hardLifetimeS() default DEFAULT_HARD_LIFETIME_S;

    @AttributeDefinition(description = "Joins and leaves within this many milliseconds make one rekey")
    long rekeyBatchMillis() default DEFAULT_REKEY_BATCH_MILLIS;

    @AttributeDefinition(description = "Senders re-run key agreement at least every this many seconds (0: only on sender change)")
    long agreementIntervalS() default DEFAULT_AGREEMENT_INTERVAL_S;

    @AttributeDefinition(description = "A receiver that has not renewed its registration for this many seconds is "
            + "removed from its key server's tree at the next batch (0: no lease; EMCON receivers never expire)")
    long leaseSeconds() default DEFAULT_LEASE_SECONDS;

    @AttributeDefinition(description = "A sender switches to a new epoch's outbound MSA this many milliseconds after "
            + "a rekey with secrecy urgency (leave, eviction, join, operator, sender change) began, so that receivers get "
            + "the key first; a departed member can read for at most this long (0: switch at once)")
    long activationDelayMillis() default org.miked.api.policy.KeyTiming.DEFAULT_ACTIVATION_MILLIS;

    @AttributeDefinition(description = "The MSAs of older epochs stay installed this many milliseconds after the switch "
            + "to a new epoch (packets in flight, senders that learned the epoch late)")
    long deactivationDelayMillis() default org.miked.api.policy.KeyTiming.DEFAULT_DEACTIVATION_MILLIS;

    @AttributeDefinition(description = "A rekey without secrecy urgency (an MSA's lifetime, a periodic re-agreement) is "
            + "distributed this many milliseconds before senders switch to it (at least the activation delay)")
    long rekeyLeadMillis() default org.miked.api.policy.KeyTiming.DEFAULT_LEAD_MILLIS;

    @AttributeDefinition(description = "Emission control: this receiver never transmits for the group")
    boolean emcon() default false;

    @AttributeDefinition(description = "Excluded member ids or address prefixes (10.1.0.0/16, fd00:dead::/32)")
    String[] excluded() default {};

    @AttributeDefinition(description = "At a sender: the receivers its key server serves (member ids, or file:/path "
            + "of one id per line); empty: any receiver with a verify key")
    String[] servedReceivers() default {};

    @AttributeDefinition(description = "At a receiver: the senders that serve it, in this order, when its key server "
            + "is silent (issue 11 failover); empty: no failover")
    String[] backupKeyServers() default {};

    @AttributeDefinition(description = "At a sender: the receivers of other key servers it serves once their server "
            + "is out of the agreement (receiverId, or receiverId@keyServer: only while that one is out; or file:/path of "
            + "one such entry per line); the EMCON ones need their individualKeys here")
    String[] backupReceivers() default {};

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "This host's private signing key: hex, or file:/path of a file holding hex")
    String signingKey() default "";

    @AttributeDefinition(description = "Peers' public keys as memberId=hex, memberId=file:/path, or file:/path of a "
            + "file with one memberId=hex per line")
    String[] verifyKeys() default {};

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "Pre-provisioned individual (LKH leaf) keys, same syntax as verifyKeys")
    String[] individualKeys() default {};
}
