package org.miked.api.runtime;

import org.osgi.annotation.versioning.ConsumerType;

/** Time as a host sees it. Virtual in the simulator, wall-clock on a real host. */
@ConsumerType
public interface Clock {
    /** @return milliseconds since an arbitrary fixed origin; never decreases */
    long millis();
}
