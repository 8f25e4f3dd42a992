package org.miked.dispatcher.real.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Makes SIGTERM (and SIGINT, and any normal JVM exit) stop the OSGi framework before the JVM goes, so
 * that every component deactivates and the dispatcher closes its sockets. The GMF leaves its groups and
 * deletes the SAs it installed as soon as the framework begins to stop, before any bundle stops (its
 * {@code LeaveOnFrameworkStop}, docs/gmf-contract.md "Shutdown"); the wait below covers that too. The bnd launcher that runs the daemon registers no such hook of its own
 * (its only hook deletes its temporary storage folder). Lives in this bundle because only the daemon's
 * runtime deploys the real dispatcher; the simulation runtime keeps the launcher's behaviour.
 *
 * <p>Progress goes to standard output directly: java.util.logging resets its handlers in a shutdown
 * hook of its own, concurrently with this one, so log records made while stopping may be lost.
 */
@Component(immediate = true, service = {})
public class StopOnSignal {
    private static final long STOP_WAIT_MS = 20_000;
    private Thread hook;

    @Activate
    void activate(BundleContext context) {
        Bundle system = context.getBundle(0);
        hook = new Thread(() -> stop(system), "miked-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running (it is what stopped us)
        }
    }

    /** The hook's work (tests run it on a framework of their own). */
    static void stop(Bundle system) {
        if (system.getState() != Bundle.ACTIVE) {
            return;
        }
        long t0 = System.nanoTime();
        System.out.println("miked: JVM shutting down (signal or exit): stopping the framework so groups are left"
                + " and installed SAs deleted");
        try {
            system.stop();
            if (system instanceof Framework f) {
                f.waitForStop(STOP_WAIT_MS);
            }
            System.out.println("miked: framework stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (BundleException e) {
            System.out.println("miked: stopping the framework failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
