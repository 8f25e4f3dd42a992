/**
 * How a user starts a simulation: the Gogo command {@code mike:sim} and the batch job of
 * {@code ./miked sim}. Both parse their arguments, read the scenario file and hand one {@link
 * org.miked.simulator.Scenario} to the {@link org.miked.simulator.Simulator} service; nothing here
 * simulates. Private to the simulator bundle (no export), so the shell bundle and the daemon runtime
 * need nothing of the simulator.
 *
 * <pre>
 *   g! mike:sim [-s FILE] [-q] [file.json] --> SimCommands --+
 *                                                            +--> SimJob --ScenarioParser--> Scenario
 *   ./miked sim ... = -Dmiked.batch="sim ..." --> BatchRunner +        |
 *        (exit 0 ok, 1 incomplete, 2 bad input)                        v
 *                                                   Simulator.run --> Summary --> table (stdout),
 *                                                                                 JSON (--summary FILE)
 * </pre>
 */
package org.miked.simulator.command;
