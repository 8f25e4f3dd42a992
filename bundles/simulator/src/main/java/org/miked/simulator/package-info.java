/**
 * Runs scenarios of many simulated hosts (the paper's figure 1) on the simulated dispatcher, with the
 * same GMF and protocol code as a real host.
 *
 * <pre>
 *   Scenario (JSON) --ScenarioParser--> Scenario --Simulator.run--> Summary (table, JSON)
 *      senders agree (bd/gdh), each is key server (lkh) of its share of the receivers;
 *      joins and leaves during the run; loss, delay, jitter; EMCON receivers never transmit
 * </pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.miked.simulator;
