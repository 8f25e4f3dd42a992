package org.miked.testkit;

import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.ProtocolContext;
import org.miked.api.runtime.HostRuntime;

/**
 * What every test and benchmark context shares: a fixed policy and runtime, and log lines and counters
 * dropped unless a subclass records them. Subclasses add {@code send} and the outputs of their role.
 */
public abstract class AbstractContext implements ProtocolContext {
    private final GroupPolicy policy;
    private final HostRuntime runtime;

    protected AbstractContext(GroupPolicy policy, HostRuntime runtime) {
        this.policy = policy;
        this.runtime = runtime;
    }

    @Override
    public GroupPolicy policy() {
        return policy;
    }

    @Override
    public HostRuntime runtime() {
        return runtime;
    }

    @Override
    public void log(String message) {
    }

    @Override
    public void count(String counter) {
    }
}
