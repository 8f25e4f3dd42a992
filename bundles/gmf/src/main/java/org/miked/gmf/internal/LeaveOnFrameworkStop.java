package org.miked.gmf.internal;

import java.util.function.Consumer;
import org.miked.gmf.core.HostGmf;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Makes the host leave its groups when the framework begins to stop, before any other bundle stops.
 *
 * <p>A framework stops its bundles in reverse start order, and the daemon starts them by name: sa-memory,
 * proto-lkh, the auth schemes and the kernel sinks stopped before the GMF, so the GMF's own deactivation
 * found its groups already stopped ("SA sink 'memory' was undeployed or replaced") and a receiver's LKH
 * client closed: SIGTERM put no LEAVE on the wire and the key server kept counting the receiver (issue 11).
 * The framework announces its stop with a STOPPING event of the system bundle, delivered synchronously
 * before it stops any bundle; this listener runs {@link HostGmf#shutdown} on that event, on the thread that
 * stops the framework, so the stop waits (bounded) for the key servers' LEAVE_ACKs.
 */
public final class LeaveOnFrameworkStop implements SynchronousBundleListener {
    private final HostGmf gmf;
    private final long waitMillis;
    private final Consumer<String> log;

    /**
     * @param gmf the host to shut down
     * @param waitMillis the longest wait for acknowledgements, at least 0
     * @param log receives one line about the outcome
     * @throws IllegalArgumentException if {@code waitMillis} is negative
     */
    LeaveOnFrameworkStop(HostGmf gmf, long waitMillis, Consumer<String> log) {
        if (waitMillis < 0) {
            throw new IllegalArgumentException("shutdownWaitMillis must be at least 0, got " + waitMillis);
        }
        this.gmf = gmf;
        this.waitMillis = waitMillis;
        this.log = log;
    }

    /**
     * Registers the listener with the framework.
     *
     * @param context any bundle's context in the framework
     * @param gmf the host to shut down when the framework stops
     * @param waitMillis the longest wait for acknowledgements, at least 0
     * @param log receives one line about the outcome
     * @return the listener, to remove when the host goes away by other means
     */
    public static LeaveOnFrameworkStop register(BundleContext context, HostGmf gmf, long waitMillis, Consumer<String> log) {
        LeaveOnFrameworkStop l = new LeaveOnFrameworkStop(gmf, waitMillis, log);
        context.addBundleListener(l);
        return l;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.STOPPING || event.getBundle().getBundleId() != Constants.SYSTEM_BUNDLE_ID) {
            return;
        }
        HostGmf.Shutdown s = gmf.shutdown(waitMillis);
        log.accept("framework stopping: host " + gmf.self() + " left " + s.left()
                + (s.unacknowledged().isEmpty() ? "" : " (leave not acknowledged within " + waitMillis + " ms: "
                        + s.unacknowledged() + ")")
                + (s.flushed() ? "" : " (datagrams still queued at the dispatcher)") + " in " + s.millis() + " ms");
    }
}
