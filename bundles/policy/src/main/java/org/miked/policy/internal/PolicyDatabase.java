package org.miked.policy.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.miked.api.GroupId;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.PolicyException;
import org.miked.api.policy.PolicyListener;
import org.miked.api.policy.PolicyStore;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The group policy database: the valid policy in force per configuration, the last rejection per
 * configuration, and the {@link PolicyListener} whiteboard. {@link GroupPolicyComponent} instances feed it
 * one configuration each; it is also registered under its own (bundle-private) class for them.
 *
 * <pre>
 *  apply(pid, config) --validate--&gt; invalid ------&gt; rejected[pid] = reason, log; old version stays
 *                              \--&gt; valid, group held by another pid --&gt; rejected (names both pids)
 *                               \--&gt; valid --&gt; inForce[pid] = policy --&gt; policyChanged() to every listener
 *  remove(pid) --&gt; policyRemoved(group); a configuration waiting for that group name is retried
 *  listener appears --&gt; policyChanged() for every policy in force (replay)
 * </pre>
 *
 * Listeners are called synchronously, in configuration order, while the database is locked: they must hand
 * the work off and return (the GMF queues it on its event loop). A listener that throws is logged and the
 * others are still called.
 */
@Component(name = "org.miked.policy.store", service = { PolicyStore.class, PolicyDatabase.class }, immediate = true)
public final class PolicyDatabase implements PolicyStore {
    private final PolicyValidator validator;
    private final LogSink log;
    private final List<PolicyListener> listeners = new CopyOnWriteArrayList<>();
    /** Policy in force by configuration PID. */
    private final Map<String, GroupPolicy> inForce = new HashMap<>();
    /** Last rejection by configuration PID. */
    private final Map<String, String> rejected = new HashMap<>();
    /** Latest configuration by PID, kept to retry those rejected for a duplicate group name. */
    private final Map<String, Submission> latest = new HashMap<>();
    /** PIDs rejected only because another configuration holds their group name. */
    private final Set<String> waiting = new HashSet<>();

    private record Submission(String source, GroupPolicyConfig config) {
    }

    /** Used by DS: validates with the file system for key files, logs to the platform logger. */
    public PolicyDatabase() {
        this(new PolicyValidator(), LogSink.platform());
    }

    PolicyDatabase(PolicyValidator validator, LogSink log) {
        this.validator = validator;
        this.log = log;
    }

    /**
     * Validates and applies a new or changed configuration.
     *
     * @param pid the configuration's PID
     * @param source where it came from (a file URI), or null
     * @param config the configuration
     * @return true if the configuration is in force now (also when unchanged)
     */
    public synchronized boolean apply(String pid, String source, GroupPolicyConfig config) {
        latest.put(pid, new Submission(source, config));
        waiting.remove(pid);
        GroupPolicy policy;
        try {
            policy = validator.validate(config);
        } catch (PolicyException e) {
            reject(pid, source, e.getMessage());
            return false;
        }
        String holder = holderOf(policy.group(), pid);
        if (holder != null) {
            waiting.add(pid);
            reject(pid, source, new PolicyException(policy.group().name(), "group", "already configured by "
                    + holder + "; " + pid + " is ignored while " + holder + " exists").getMessage());
            return false;
        }
        rejected.remove(pid);
        GroupPolicy old = inForce.put(pid, policy);
        if (policy.equals(old)) {
            log.info("policy of group '" + policy.group() + "' from " + pid + " is unchanged");
            return true;
        }
        log.info((old == null ? "policy in force: " : "policy changed: ") + summary(policy) + " from " + pid
                + (source == null ? "" : " (" + source + ")"));
        if (old != null && !old.group().equals(policy.group())) {
            announceRemoved(old.group());
        }
        for (PolicyListener l : listeners) {
            changed(l, policy);
        }
        if (old != null && !old.group().equals(policy.group())) {
            retryWaiting(old.group());
        }
        return true;
    }

    /**
     * A configuration was deleted: its group's policy is withdrawn from every listener.
     *
     * @param pid the configuration's PID
     */
    public synchronized void remove(String pid) {
        GroupPolicy old = forget(pid);
        if (old != null) {
            log.info("policy removed: group '" + old.group() + "' (configuration " + pid + " deleted)");
            announceRemoved(old.group());
            retryWaiting(old.group());
        }
    }

    /**
     * Drops a configuration without telling listeners (the bundle or the database is going away, the
     * configuration itself still exists: the groups keep running on the policy they have).
     *
     * @param pid the configuration's PID
     * @return the policy that was in force, or null
     */
    public synchronized GroupPolicy forget(String pid) {
        latest.remove(pid);
        waiting.remove(pid);
        rejected.remove(pid);
        return inForce.remove(pid);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addListener(PolicyListener listener) {
        listeners.add(listener);
        for (GroupPolicy p : policies()) {
            changed(listener, p);
        }
    }

    synchronized void removeListener(PolicyListener listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized List<GroupPolicy> policies() {
        List<GroupPolicy> out = new ArrayList<>(inForce.values());
        out.sort(Comparator.comparing(GroupPolicy::group));
        return List.copyOf(out);
    }

    @Override
    public synchronized Map<String, String> rejected() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(rejected));
    }

    private String holderOf(GroupId group, String exceptPid) {
        return inForce.entrySet().stream()
                .filter(en -> !en.getKey().equals(exceptPid) && en.getValue().group().equals(group))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private void reject(String pid, String source, String message) {
        String line = oneLine(message);
        rejected.put(pid, line);
        GroupPolicy kept = inForce.get(pid);
        log.warn("rejected configuration " + pid + (source == null ? "" : " (" + source + ")") + ": " + line
                + (kept == null ? "" : " [version in force kept]"));
    }

    /** Retries, in PID order, configurations that waited for this group name to become free. */
    private void retryWaiting(GroupId group) {
        for (String pid : new TreeSet<>(waiting)) {
            Submission s = latest.get(pid);
            if (s != null && holderOf(group, null) == null && group.name().equals(groupName(s.config()))) {
                apply(pid, s.source(), s.config());
            }
        }
    }

    private static String groupName(GroupPolicyConfig c) {
        try {
            return ConfigValues.text(c.group());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void announceRemoved(GroupId group) {
        for (PolicyListener l : listeners) {
            try {
                l.policyRemoved(group);
            } catch (RuntimeException e) {
                log.warn("policy listener " + l + " failed on removal of group '" + group + "': " + oneLine(
                        String.valueOf(e)));
            }
        }
    }

    private void changed(PolicyListener l, GroupPolicy p) {
        try {
            l.policyChanged(p);
        } catch (RuntimeException e) {
            log.warn("policy listener " + l + " failed on group '" + p.group() + "': " + oneLine(String.valueOf(e)));
        }
    }

    private static String summary(GroupPolicy p) {
        return "group '" + p.group() + "' " + p.role().name().toLowerCase(java.util.Locale.ROOT) + " of "
                + p.senders().size() + " senders, key server " + p.keyServer() + ", " + p.agreement() + "/"
                + p.distribution() + ", auth " + p.auth() + "/" + p.rekeyAuth() + ", sink " + p.saSink() + ", data "
                + p.dataAddress() + " port " + p.dataPort() + ", control " + p.controlAddress() + " port "
                + p.controlPort() + (p.emcon() ? ", EMCON" : "");
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }
}
