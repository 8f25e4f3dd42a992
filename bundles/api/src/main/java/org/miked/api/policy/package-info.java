/**
 * The group policy database as the other layers see it: one immutable
 * {@link org.miked.api.policy.GroupPolicy} per group, published by the policy bundle (from Config
 * Admin) or built by the simulator, and observed through
 * {@link org.miked.api.policy.PolicyListener}. An invalid policy never reaches a listener; it is
 * reported as a {@link org.miked.api.policy.PolicyException} naming group, field and reason.
 *
 * <p>1.5.0: key-server failover (issue 11): {@code GroupPolicy.backupKeyServers} (a receiver's ordered backups),
 * {@code backupReceivers} (the receivers a sender backs up), {@code keyServers()}, {@code backsUp},
 * {@code withFailover}, {@code withKeyServer}; {@code serves} is false for a backup receiver.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package org.miked.api.policy;
