/**
 * Discrete-event virtual time: one queue of timed tasks run in (time, insertion) order, so that a run
 * driven by a seed repeats exactly. The simulation dispatcher and the protocol test harnesses share it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.common.event;
