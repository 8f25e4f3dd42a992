/**
 * The GMF's Declarative Services components (private): they connect the plain-Java core to OSGi.
 *
 * <pre>
 *  service registry --dynamic greedy references--> ServiceRegistry (Registry + ComponentCatalog)
 *                                                        |
 *  Config Admin org.miked.gmf.host (HostConfig) --> HostGmfComponent --> HostGmf of this process
 *  policy database --PolicyListener--> HostGmfComponent.join/leave          (daemon, console host)
 *  framework stopping (system bundle STOPPING) --> LeaveOnFrameworkStop --> HostGmf.shutdown
 *                                    (before any bundle stops: docs/gmf-contract.md "Shutdown")
 *  simulator --GmfFactory--> GmfFactoryComponent --> one HostGmf per simulated host
 * </pre>
 */
package org.miked.gmf.internal;
