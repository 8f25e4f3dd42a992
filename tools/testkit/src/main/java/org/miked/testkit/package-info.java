/**
 * Harness for protocol tests and benchmarks: all members of a group in one JVM on a virtual clock,
 * with a seeded lossy network ({@link org.miked.testkit.TestNetwork}), recording contexts
 * ({@link org.miked.testkit.TestContext}) and ready-made policies ({@link org.miked.testkit.TestPolicies}).
 * It skips the GMF (no envelope, no authentication): protocol tests exercise the protocol alone.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.miked.testkit;
