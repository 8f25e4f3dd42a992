package org.miked.itest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Waiting inside the framework, where DS activation, Config Admin delivery, FileInstall and the live
 * lab's pump run on their own threads: service trackers, and polling a condition against a wall-clock
 * deadline. This is the only place in the project where tests wait on real time; a wait that runs out
 * fails with what was last observed, never silently.
 */
public final class Await {
    /** Upper bound for anything the container does on its own (activation, deployment, keying). */
    public static final Duration LONG = Duration.ofSeconds(30);
    private static final long POLL_MS = 25;

    private Await() {
    }

    /**
     * @param ctx the probe's context
     * @param type service interface, or {@code Object.class} for any service the filter matches
     * @param filter extra LDAP filter such as {@code (miked.protocol=bd)}, or null
     * @param timeout how long to wait
     * @return the service
     * @throws AssertionError naming the service if it did not appear in time
     */
    public static <T> T service(BundleContext ctx, Class<T> type, String filter, Duration timeout) {
        // Object.class: any service matching the filter (whiteboard services such as Gogo commands)
        String f = type == Object.class ? filter : "(objectClass=" + type.getName() + ")";
        if (filter != null && type != Object.class) {
            f = "(&" + f + filter + ")";
        }
        Filter parsed;
        try {
            parsed = ctx.createFilter(f);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(f, e);
        }
        ServiceTracker<T, T> t = new ServiceTracker<>(ctx, parsed, null);
        t.open();
        try {
            if (t.waitForService(timeout.toMillis()) == null) {
                throw new AssertionError("no service " + f + " within " + timeout + "\n" + bundleStates(ctx));
            }
            ServiceReference<T> ref = t.getServiceReference();
            // got through the probe's own context: the probe keeps using it (and a delayed component stays
            // active) after the tracker is closed, until the probe bundle goes away
            T s = ref == null ? null : ctx.getService(ref);
            if (s == null) {
                throw new AssertionError("service " + f + " went away while being looked up");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + f, e);
        } finally {
            t.close();
        }
    }

    /** @return {@link #service(BundleContext, Class, String, Duration)} with {@link #LONG} and no filter */
    public static <T> T service(BundleContext ctx, Class<T> type) {
        return service(ctx, type, null, LONG);
    }

    /**
     * Polls until {@code done} holds for the value {@code probe} returns.
     *
     * @param what what is awaited, for the failure message
     * @param timeout how long to wait
     * @param probe reads the current value (called repeatedly)
     * @param done the condition
     * @param describe renders the last value for the failure message
     * @return the first value that satisfied {@code done}
     * @throws AssertionError with the last value if the deadline passed
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done,
            Function<? super T, String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException failure = null;
        while (true) {
            try {
                last = probe.get();
                failure = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                failure = e; // e.g. a service that is being replaced; retried until the deadline
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError err = new AssertionError("timed out after " + timeout + " waiting for " + what
                        + "; last seen: " + (failure != null ? failure : describe.apply(last)));
                if (failure != null) {
                    err.initCause(failure);
                }
                throw err;
            }
            try {
                Thread.sleep(POLL_MS); // polling interval against the deadline above, not a test wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /**
     * @param ctx a context
     * @param bsn a symbolic name
     * @return the installed bundles with that symbolic name
     */
    public static List<Bundle> bundles(BundleContext ctx, String bsn) {
        List<Bundle> out = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                out.add(b);
            }
        }
        return out;
    }

    /** @return one line per bundle: id, symbolic name, version, state */
    public static String bundleStates(BundleContext ctx) {
        StringBuilder sb = new StringBuilder("bundles:\n");
        for (Bundle b : ctx.getBundles()) {
            sb.append(String.format("  %3d %-45s %-22s %s%n", b.getBundleId(), b.getSymbolicName(), b.getVersion(),
                    state(b.getState())));
        }
        return sb.toString();
    }

    /** @return the name of a bundle state */
    public static String state(int s) {
        return switch (s) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> Integer.toString(s);
        };
    }
}
