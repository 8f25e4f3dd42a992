package org.miked.simulator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the live lab network (PID {@code org.miked.simulator.lab}). */
@ObjectClassDefinition(name = "MIKED live lab", description = "A simulated network that runs in real time for the shell")
public @interface LabConfig {
    long DEFAULT_SEED = 1;

    @AttributeDefinition(description = "Seed of the lab network")
    long seed() default DEFAULT_SEED;

    @AttributeDefinition(description = "Link loss probability")
    double loss() default 0;

    @AttributeDefinition(description = "Link delay in ms")
    long delayMs() default 5;

    @AttributeDefinition(description = "Link jitter in ms")
    long jitterMs() default 5;
}
