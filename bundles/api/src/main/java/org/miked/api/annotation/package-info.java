/**
 * Component property types for MIKED plug-in bundles: annotations that bnd turns into the service
 * properties the GMF selects plug-ins by, so a property name is spelled in exactly one place.
 *
 * <pre>
 *   source (plug-in bundle)                     OSGI-INF/*.xml (bnd)                 GMF ServiceRegistry
 *   &#64;Component(service = KeyAgreementProtocol.class)
 *   &#64;ProtocolName(protocol = "gdh2")   ---&gt;  &lt;property name="miked.protocol"  ---&gt; ref.getProperty(
 *                                               value="gdh2"/&gt;                       ProtocolName.PROPERTY)
 *   &#64;AuthSchemeName(auth = "sig")      ---&gt;  miked.auth=sig                   ---&gt; AuthSchemeName.PROPERTY
 * </pre>
 *
 * Each type declares {@code PREFIX_ = "miked."} (DS 1.4, like Felix's {@code HealthCheckService} with
 * {@code hc.}) and a {@code PROPERTY} constant for readers of the property. The annotations have CLASS
 * retention: they exist for bnd at build time and add no runtime import. The plug-in's {@code name()}
 * returns the same constant it passes to the annotation, for registries outside OSGi (the GMF's
 * {@code MapRegistry} in the simulator and tests).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.api.annotation;
