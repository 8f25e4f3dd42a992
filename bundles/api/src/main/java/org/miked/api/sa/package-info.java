/**
 * Multicast security associations and the SA sinks that install them.
 *
 * <pre>
 *   GMF --install(Msa)/delete(SaId)--> SaSink  (memory | pfkey | xfrm)
 *   GMF <--expired/acquire(SaId)------- SaEventListener
 * </pre>
 *
 * Calls down and events up are separate interfaces, as strongSwan's kernel_ipsec.h is split from
 * kernel_listener.h. Each sink reports what it can do through {@link org.miked.api.sa.SaCapability}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.3.0")
package org.miked.api.sa;
