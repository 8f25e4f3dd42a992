package org.miked.itest;

import javax.inject.Inject;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

/**
 * What every integration test shares: the container we ship ({@link Containers#miked}, working directory
 * named after the test class) and the probe's bundle context, injected by Pax Exam (which finds the
 * {@code @Configuration} method and the {@code @Inject} field in superclasses too).
 */
public abstract class MikedIT {
    @Inject
    protected BundleContext context;

    /** @return bundle file names under target/bundles/runtime the container must not start with */
    protected String[] withheld() {
        return new String[0];
    }

    @Configuration
    public Option[] config() {
        return Containers.miked(getClass().getSimpleName(), withheld());
    }
}
