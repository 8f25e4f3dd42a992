/**
 * The Gogo commands of scope {@code mike:} that drive this host's GMF, and their console formatting.
 * Private to the shell bundle: other bundles see only the commands (Gogo's whiteboard of services with
 * {@code osgi.command.scope=mike}). The shell needs the API bundle and the GMF's services, nothing of
 * the simulator or a dispatcher implementation, so it runs unchanged in the simulation runtime and in
 * the daemon ({@code mike:sim} comes from the simulator bundle, in the simulation runtime only).
 *
 * <pre>
 *   g! mike:groups                 Gogo runtime
 *        |                              |  calls the method named like the command
 *        v                              v
 *   MikeCommands --GroupManager, PolicyStore, ComponentCatalog, Dispatcher (stats)--> services
 *        |  returns a Table (or one line); a bad argument throws one IllegalArgumentException line
 *        v
 *   MikeConverter.format(Table) --> Table.format(): aligned columns, "(none)" when empty
 * </pre>
 */
package org.miked.shell.internal;
