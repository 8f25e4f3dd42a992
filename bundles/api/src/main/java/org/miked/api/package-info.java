/**
 * Identities shared by every MIKED layer: groups, members and roles.
 *
 * <pre>
 *  upper   key management  (proto-*, auth-*)   org.miked.api.protocol, org.miked.api.auth
 *  middle  GMF                                 org.miked.api.gmf
 *  bottom  message dispatcher                  org.miked.api.dispatch
 *  beside  group policy                        org.miked.api.policy
 *  below   SA sink (kernel SAD / memory)       org.miked.api.sa
 * </pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.api;
