package org.miked.api.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names a {@link org.miked.api.protocol.KeyAgreementProtocol} or
 * {@link org.miked.api.protocol.KeyDistributionProtocol} component: bnd turns
 * {@code @ProtocolName(protocol = "gdh2")} on the {@code @Component} class into the service property
 * {@code miked.protocol=gdh2}, the name a group policy selects the protocol by. This is the only place
 * the property name is defined; the GMF reads it through {@link #PROPERTY}.
 *
 * <p>The element is called {@code protocol} rather than {@code value}: a single-element annotation would
 * take its property name from the type name ({@code miked.protocol.name}, DS 1.4 section 112.8.2.1).
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ProtocolName {
    /** Prefix of every property this type generates. */
    String PREFIX_ = "miked.";

    /** The service property this type generates ({@code PREFIX_} plus the element name). */
    String PROPERTY = PREFIX_ + "protocol";

    /** @return the protocol's name, e.g. {@code "bd"}, {@code "gdh2"}, {@code "lkh"}; also returned by {@code name()} */
    String protocol();
}
