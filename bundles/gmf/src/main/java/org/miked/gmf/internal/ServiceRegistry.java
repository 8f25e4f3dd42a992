package org.miked.gmf.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.miked.api.annotation.AuthSchemeName;
import org.miked.api.annotation.ProtocolName;
import org.miked.api.auth.AuthScheme;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.gmf.ComponentCatalog;
import org.miked.api.gmf.DeployedComponent;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.api.protocol.KeyDistributionProtocol;
import org.miked.api.sa.SaSinkFactory;
import org.miked.gmf.core.Registry;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Follows the protocols, authentication schemes, SA sinks and dispatchers in the OSGi service registry
 * (dynamic, greedy references), so bundles dropped into or removed from {@code load/} change what groups
 * can use without a restart. When two services carry the same name, the one from the higher bundle version
 * wins (then the newer service).
 */
@Component(service = {ComponentCatalog.class, Registry.class}, immediate = true)
public class ServiceRegistry implements Registry, ComponentCatalog {
    private static final System.Logger LOG = System.getLogger("org.miked.gmf");

    private record Entry(String kind, String name, Object service, String bundle, org.osgi.framework.Version version,
            long serviceId) {
    }

    private static final Comparator<Entry> PREFERENCE = Comparator.comparing((Entry e) -> e.version)
            .thenComparingLong(e -> e.serviceId).reversed();

    private final Map<Object, Entry> entries = new ConcurrentHashMap<>();
    /**
     * In the order they were added; guarded by itself. A set, not a copy-on-write list: a simulation adds and
     * removes 100,000 hosts' listeners, and a copy per change made that quadratic (seconds at start and end).
     */
    private final java.util.Set<Runnable> listeners = new java.util.LinkedHashSet<>();

    private void add(String kind, Object service, ServiceReference<?> ref, String nameProperty, String fallbackName) {
        Object p = ref.getProperty(nameProperty);
        String name = p == null ? fallbackName : String.valueOf(p);
        Bundle b = ref.getBundle();
        Object id = ref.getProperty(Constants.SERVICE_ID);
        entries.put(service, new Entry(kind, name, service, b == null ? "?" : b.getSymbolicName(),
                b == null ? org.osgi.framework.Version.emptyVersion : b.getVersion(),
                id instanceof Long l ? l : 0L));
        LOG.log(System.Logger.Level.INFO, "deployed " + kind + " '" + name + "' from " + (b == null ? "?" : b.getSymbolicName()
                + " " + b.getVersion()));
        fire();
    }

    private void remove(Object service) {
        Entry e = entries.remove(service);
        if (e != null) {
            LOG.log(System.Logger.Level.INFO, "undeployed " + e.kind + " '" + e.name + "' from " + e.bundle + " " + e.version);
            fire();
        }
    }

    private void fire() {
        Runnable[] now;
        synchronized (listeners) {
            now = listeners.toArray(new Runnable[0]);
        }
        for (Runnable l : now) {
            try {
                l.run();
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "deployment listener failed", ex);
            }
        }
    }

    private Object lookup(String kind, String name) {
        return entries.values().stream().filter(e -> e.kind.equals(kind) && e.name.equals(name)).sorted(PREFERENCE)
                .map(Entry::service).findFirst().orElse(null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAgreement(KeyAgreementProtocol p, ServiceReference<KeyAgreementProtocol> ref) {
        add("agreement", p, ref, ProtocolName.PROPERTY, p.name());
    }

    void removeAgreement(KeyAgreementProtocol p) {
        remove(p);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDistribution(KeyDistributionProtocol p, ServiceReference<KeyDistributionProtocol> ref) {
        add("distribution", p, ref, ProtocolName.PROPERTY, p.name());
    }

    void removeDistribution(KeyDistributionProtocol p) {
        remove(p);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAuth(AuthScheme s, ServiceReference<AuthScheme> ref) {
        add("auth", s, ref, AuthSchemeName.PROPERTY, s.name());
    }

    void removeAuth(AuthScheme s) {
        remove(s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSink(SaSinkFactory s, ServiceReference<SaSinkFactory> ref) {
        add("sink", s, ref, SaSinkFactory.NAME_PROPERTY, s.name());
    }

    void removeSink(SaSinkFactory s) {
        remove(s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDispatcher(Dispatcher d, ServiceReference<Dispatcher> ref) {
        add("dispatcher", d, ref, Dispatcher.NAME_PROPERTY, d.name());
    }

    void removeDispatcher(Dispatcher d) {
        remove(d);
    }

    @Override
    public KeyAgreementProtocol agreement(String name) {
        return (KeyAgreementProtocol) lookup("agreement", name);
    }

    @Override
    public KeyDistributionProtocol distribution(String name) {
        return (KeyDistributionProtocol) lookup("distribution", name);
    }

    @Override
    public AuthScheme auth(String name) {
        return (AuthScheme) lookup("auth", name);
    }

    @Override
    public SaSinkFactory sink(String name) {
        return (SaSinkFactory) lookup("sink", name);
    }

    @Override
    public String describe(Object component) {
        Entry e = component == null ? null : entries.get(component);
        return e == null ? "-" : e.bundle + " " + e.version;
    }

    @Override
    public void addListener(Runnable listener) {
        synchronized (listeners) {
            listeners.add(listener);
        }
    }

    @Override
    public void removeListener(Runnable listener) {
        synchronized (listeners) {
            listeners.remove(listener);
        }
    }

    @Override
    public List<DeployedComponent> deployed() {
        List<DeployedComponent> out = new ArrayList<>();
        entries.values().stream().sorted(Comparator.comparing((Entry e) -> e.kind).thenComparing(e -> e.name))
                .forEach(e -> out.add(new DeployedComponent(e.kind, e.name, e.bundle, e.version.toString())));
        return out;
    }
}
