/**
 * The group policy database (bundle-private). Config Admin factory configurations
 * ({@code org.miked.policy.group}, one per group, e.g. from FileInstall's
 * {@code load/org.miked.policy.group-trial.cfg}) become immutable {@code GroupPolicy} records:
 *
 * <pre>
 *  Config Admin --&gt; DS --&gt; GroupPolicyComponent (one per configuration)
 *                             | apply(pid, GroupPolicyConfig)      | deactivate(CONFIGURATION_DELETED)
 *                             v                                    v
 *                        PolicyDatabase --- PolicyValidator (pure: IpLiteral, SuiteRules, KeyMaterial)
 *                          |  valid:   policyChanged(policy) --&gt; every PolicyListener (the GMF)
 *                          |  deleted: policyRemoved(group)  --&gt; every PolicyListener
 *                          |  invalid: rejected()[pid] = "policy for group 'g': field 'f': why"
 *                          +-- PolicyStore service: policies(), rejected()
 * </pre>
 */
package org.miked.policy.internal;
