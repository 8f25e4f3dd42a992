package org.miked.gmf.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.miked.api.auth.AuthScheme;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.api.protocol.KeyDistributionProtocol;
import org.miked.api.sa.SaSinkFactory;

/** A registry filled by hand: for tests, benchmarks and plain-Java runs. Thread-safe. */
public final class MapRegistry implements Registry {
    private final Map<String, KeyAgreementProtocol> agreements = new ConcurrentHashMap<>();
    private final Map<String, KeyDistributionProtocol> distributions = new ConcurrentHashMap<>();
    private final Map<String, AuthScheme> auths = new ConcurrentHashMap<>();
    private final Map<String, SaSinkFactory> sinks = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public MapRegistry add(KeyAgreementProtocol p) {
        agreements.put(p.name(), p);
        fire();
        return this;
    }

    public MapRegistry add(KeyDistributionProtocol p) {
        distributions.put(p.name(), p);
        fire();
        return this;
    }

    public MapRegistry add(AuthScheme s) {
        auths.put(s.name(), s);
        fire();
        return this;
    }

    public MapRegistry add(SaSinkFactory s) {
        sinks.put(s.name(), s);
        fire();
        return this;
    }

    /** Removes whatever is registered under a name in every kind. */
    public MapRegistry remove(String name) {
        agreements.remove(name);
        distributions.remove(name);
        auths.remove(name);
        sinks.remove(name);
        fire();
        return this;
    }

    private void fire() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public KeyAgreementProtocol agreement(String name) {
        return agreements.get(name);
    }

    @Override
    public KeyDistributionProtocol distribution(String name) {
        return distributions.get(name);
    }

    @Override
    public AuthScheme auth(String name) {
        return auths.get(name);
    }

    @Override
    public SaSinkFactory sink(String name) {
        return sinks.get(name);
    }

    @Override
    public String describe(Object component) {
        return component == null ? "-" : component.getClass().getSimpleName();
    }

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
