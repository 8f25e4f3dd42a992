package org.miked.api.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names an {@link org.miked.api.auth.AuthScheme} component: bnd turns {@code @AuthSchemeName(auth = "sig")}
 * on the {@code @Component} class into the service property {@code miked.auth=sig}, the name a group
 * policy's {@code auth} / {@code rekeyAuth} selects the scheme by. This is the only place the property
 * name is defined; the GMF reads it through {@link #PROPERTY}.
 *
 * <p>A separate type from {@link ProtocolName} because schemes have always registered under
 * {@code miked.auth}, not {@code miked.protocol}; the element is {@code auth} (not {@code value}) so the
 * property is not derived from the type name.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AuthSchemeName {
    /** Prefix of every property this type generates. */
    String PREFIX_ = "miked.";

    /** The service property this type generates ({@code PREFIX_} plus the element name). */
    String PROPERTY = PREFIX_ + "auth";

    /** @return the scheme's name, e.g. {@code "sig"}, {@code "tesla"}; also returned by {@code name()} */
    String auth();
}
