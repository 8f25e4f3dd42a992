/**
 * Places a host keeps its {@link org.miked.api.runtime.StateStore} records: {@link
 * org.miked.common.state.FileStateStore} (one file per record in a directory only the daemon's user may
 * read, each replaced by write, fsync, rename) for real hosts, {@link org.miked.common.state.MemoryStateStore}
 * for simulated and test hosts.
 *
 * <pre>
 *  put(name, value): dir/.name.tmp --write, fsync--> rename to dir/name (atomic) --fsync dir-->
 *  get(name):        dir/name --read--> value (absent: null; unreadable: logged, null)
 * </pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.common.state;
