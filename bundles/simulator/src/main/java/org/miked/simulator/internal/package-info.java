/**
 * The simulator bundle's DS components (private): {@link org.miked.simulator.internal.SimulatorComponent}
 * registers the {@link org.miked.simulator.Simulator} service (a fresh network and plain-object GMFs per
 * run), and {@link org.miked.simulator.internal.LiveLab} registers the dispatcher {@code sim} of the
 * simulation runtime's own console host: a simulated network paced by the wall clock (PID
 * {@code org.miked.simulator.lab}, {@link org.miked.simulator.internal.LabConfig}).
 *
 * <pre>
 *  shell thread --HostPort call--> LiveLab pump thread --> SimNetwork (virtual time = wall clock)
 *  mike:sim / miked.batch --> Simulator --> core.ScenarioRun
 * </pre>
 */
package org.miked.simulator.internal;
