/**
 * The group policy database as the other layers see it: one immutable
 * {@link org.miked.api.policy.GroupPolicy} per group, published by the policy bundle (from Config
 * Admin) or built by the simulator, and observed through
 * {@link org.miked.api.policy.PolicyListener}. An invalid policy never reaches a listener; it is
 * reported as a {@link org.miked.api.policy.PolicyException} naming group, field and reason.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.miked.api.policy;
