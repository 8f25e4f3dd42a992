package org.miked.api.runtime;

import org.osgi.annotation.versioning.ConsumerType;

/** Handle of a scheduled task. */
@ConsumerType
public interface Cancellable {
    /** Cancels the task if it has not run yet; harmless otherwise. */
    void cancel();
}
