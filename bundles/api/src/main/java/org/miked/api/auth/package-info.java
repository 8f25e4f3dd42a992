/**
 * Message authentication schemes for key-management messages (signatures, TESLA, ...), each its own
 * bundle, chosen per group by policy.
 *
 * <pre>
 *   outgoing:  GMF envelope --seal--> envelope || trailer --> dispatcher
 *   incoming:  dispatcher --> open(claimed sender, sealed) --> authenticated envelope(s) --> GMF
 * </pre>
 *
 * A scheme may release a message later than it arrived (TESLA verifies once the key is disclosed);
 * {@link org.miked.api.auth.AuthSession#open} therefore returns the list of messages authenticated now.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.miked.api.auth;
