/**
 * One scenario run, plain Java (private): {@link org.miked.simulator.core.ScenarioPolicies} provisions
 * every simulated host's group policy as an operator would, {@link org.miked.simulator.core.ScenarioRun}
 * drives the run on a fresh simulated network and collects the summary, {@link
 * org.miked.simulator.core.FaultInjector} carries out its crashes, restarts, partitions and silent leaves, {@link
 * org.miked.simulator.core.DataPlane} emits the application's packets and judges them at every receiver by the
 * keys its sink holds (issue 12, docs/data-plane.md), with {@link org.miked.simulator.core.DepartedAdversary}
 * reading as every departed receiver.
 *
 * <pre>
 *  Scenario --ScenarioPolicies--> a GroupPolicy per host (keys, key server round-robin, EMCON keys)
 *           --ScenarioRun--> SimNetwork (seeded loss, delay, jitter) + one HostGmf per host
 *              t = 0 senders join, t &lt; 2 s receivers join, 20%..60% joins and leaves, progress lines
 *              faults: crash = port closed, GMF dropped (state store kept); restart = new GMF, new incarnation
 *              data plane (dataRatePps &gt; 0): sender ticks --sending MSA--> copies per (packet, arrival ms)
 *                 --installed(SPI), same key bytes?--> decrypted | key loss; departed keep their keys
 *              end: keyed receivers, departed still served, EMCON packets, bytes, data counts --> Summary
 * </pre>
 */
package org.miked.simulator.core;
