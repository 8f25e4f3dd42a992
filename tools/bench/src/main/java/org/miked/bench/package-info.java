/**
 * The benchmarks behind {@code ./miked bench <name>} ({@link org.miked.bench.Bench} dispatches by name):
 * agreement (BD, GDH.2, GDH.3), lkh (LKH joins, leaves, batches), tesla (rekey authentication) and sim
 * (whole simulated scenarios: throughput and heap per host). Each report shows its figures next to a floor
 * measured in the same run (a primitive's cost, a formula's count), so that ratios, not absolute times,
 * carry the result on a shared, noisy machine.
 */
package org.miked.bench;
