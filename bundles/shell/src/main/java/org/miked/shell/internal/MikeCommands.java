package org.miked.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.dispatch.TrafficStats;
import org.miked.api.gmf.ComponentCatalog;
import org.miked.api.gmf.GroupManager;
import org.miked.api.gmf.GroupStatus;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.policy.PolicyStore;
import org.miked.api.sa.Msa;
import org.miked.common.crypto.Ed25519;
import org.miked.common.crypto.Hex;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code mike:} commands of the Gogo shell. Each returns a {@link Table} (or a one-line result) and
 * reports bad arguments as one {@link IllegalArgumentException} line. {@code mike:sim} is not here: the
 * simulator bundle contributes it to the same scope, so this bundle runs in the daemon without it.
 */
@GogoCommand(scope = "mike", function = {"groups", "join", "leave", "members", "msas", "rekey", "evict", "pardon",
    "revoked", "protocols",
    "policy", "stats", "keygen"})
@Component(service = MikeCommands.class)
public class MikeCommands {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GroupManager host;

    @Reference
    private ComponentCatalog catalog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PolicyStore policies;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Dispatcher> dispatchers;

    private GroupManager host() {
        GroupManager h = host;
        if (h == null) {
            throw new IllegalStateException("no GMF runs in this container (is a dispatcher deployed?)");
        }
        return h;
    }

    private static GroupId group(String name) {
        try {
            return GroupId.of(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad group name: " + e.getMessage());
        }
    }

    private GroupId joined(String name) {
        GroupId g = group(name);
        if (host().status(g).isEmpty()) {
            throw new IllegalArgumentException("this host (" + host().self() + ") is not in group '" + name + "'");
        }
        return g;
    }

    @Descriptor("groups this host has joined, with role, state, epoch and key fingerprint")
    public Table groups() {
        List<List<String>> rows = new ArrayList<>();
        for (GroupStatus s : host().groups()) {
            rows.add(List.of(s.group().name(), s.role().name().toLowerCase(), s.state().name(), Long.toString(s.epoch()),
                    s.keyFingerprint().isEmpty() ? "-" : s.keyFingerprint(), Integer.toString(s.senders()),
                    Integer.toString(s.receivers()), Integer.toString(s.msas()), s.reason().isEmpty() ? "-" : s.reason()));
        }
        return new Table("host " + host().self(), List.of("GROUP", "ROLE", "STATE", "EPOCH", "KEY", "SENDERS",
                "RECEIVERS", "MSAS", "REASON"), rows);
    }

    @Descriptor("join a group configured in the policy database")
    public String join(@Descriptor("group name") String name) {
        GroupId g = group(name);
        PolicyStore ps = policies;
        if (ps == null) {
            throw new IllegalStateException("no policy database is deployed");
        }
        GroupPolicy p = ps.policies().stream().filter(x -> x.group().equals(g)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no valid policy for group '" + name
                        + "' (see mike:policy; drop a .cfg into load/)"));
        host().join(p);
        return "joined " + name + " as " + p.role().name().toLowerCase();
    }

    @Descriptor("leave a group: tell the key server (unless EMCON) and delete its MSAs")
    public String leave(@Descriptor("group name") String name) {
        return host().leave(joined(name)) ? "left " + name : "not in " + name;
    }

    @Descriptor("members of a group as this host knows them; at a key server with each receiver's lease")
    public Table members(@Descriptor("group name") String name) {
        GroupId g = joined(name);
        PolicyStore ps = policies;
        GroupPolicy p = ps == null ? null : ps.policies().stream().filter(x -> x.group().equals(g)).findFirst()
                .orElse(null);
        List<List<String>> rows = new ArrayList<>();
        for (MemberId m : host().members(g)) {
            rows.add(List.of(m.id(), lease(p, m)));
        }
        return new Table("group " + name, List.of("MEMBER", "LEASE"), rows);
    }

    /** @return how a key server keeps this receiver: its lease, or none for EMCON receivers (they cannot renew) */
    private static String lease(GroupPolicy p, MemberId m) {
        if (p == null || p.role() != org.miked.api.Role.SENDER || p.isSender(m)) {
            return "-";
        }
        if (p.credentials().individualKeys().containsKey(m)) {
            return "none: EMCON, stays until evicted";
        }
        return p.leaseSeconds() == 0 ? "none (leaseSeconds = 0)" : p.leaseSeconds() + " s, renewed by refresh";
    }

    @Descriptor("MSAs installed for the group (keys are never shown)")
    public Table msas(@Descriptor("group name") String name) {
        GroupId g = joined(name);
        List<List<String>> rows = new ArrayList<>();
        for (Msa m : host().msas(g)) {
            rows.add(List.of(String.format("0x%08x", m.id().spi()), m.sender().id(), m.direction().name().toLowerCase(),
                    m.source() + " -> " + m.id().destination(), m.id().protocol().name(), m.encryption(),
                    Long.toString(m.epoch()), m.softLifetimeS() + "/" + m.hardLifetimeS() + "s"));
        }
        return new Table("group " + name, List.of("SPI", "SENDER", "DIR", "FLOW", "PROTO", "ENC", "EPOCH", "LIFETIME"),
                rows);
    }

    @Descriptor("start a new epoch now (sender), or re-register (receiver)")
    public String rekey(@Descriptor("group name") String name) {
        return host().rekey(joined(name)) ? "rekey started for " + name : "group " + name + " cannot rekey now (not keyed)";
    }

    @Descriptor("evict a receiver group-wide: every sender refuses it from the next rekey on, also after restarts")
    public String evict(@Descriptor("group name") String name, @Descriptor("receiver id") String receiver) {
        return host().evict(joined(name), receiverId(receiver)) ? "evicting " + receiver
                + " at the next rekey, at every sender of " + name + " (kept across restarts; mike:pardon lifts it)"
                : "this host is not a running sender of " + name;
    }

    @Descriptor("lift a group-wide eviction: the receiver may register again at its key server")
    public String pardon(@Descriptor("group name") String name, @Descriptor("receiver id") String receiver) {
        return host().pardon(joined(name), receiverId(receiver)) ? "pardoned " + receiver + " at every sender of " + name
                : "this host is not a running sender of " + name;
    }

    @Descriptor("receivers evicted group-wide, as this sender knows them (policy 'excluded' ids come on top)")
    public Table revoked(@Descriptor("group name") String name) {
        GroupId g = joined(name);
        List<List<String>> rows = host().revoked(g).stream().map(m -> List.of(m.id())).collect(Collectors.toList());
        return new Table("group " + name, List.of("RECEIVER"), rows);
    }

    private static MemberId receiverId(String receiver) {
        try {
            return MemberId.of(receiver);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad receiver id: " + e.getMessage());
        }
    }

    @Descriptor("deployed protocols, authentication schemes, SA sinks and dispatchers")
    public Table protocols() {
        List<List<String>> rows = catalog.deployed().stream()
                .map(d -> List.of(d.kind(), d.name(), d.bundle(), d.version())).collect(Collectors.toList());
        return new Table("", List.of("KIND", "NAME", "BUNDLE", "VERSION"), rows);
    }

    @Descriptor("group policies in force and configurations that were rejected")
    public Table policy() {
        PolicyStore ps = policies;
        if (ps == null) {
            throw new IllegalStateException("no policy database is deployed");
        }
        List<List<String>> rows = new ArrayList<>();
        for (GroupPolicy p : ps.policies()) {
            rows.add(List.of(p.group().name(), "valid", p.role().name().toLowerCase() + " "
                    + p.agreement() + "/" + p.distribution() + "/" + p.rekeyAuth() + " -> " + p.saSink() + ", "
                    + p.senders().size() + " senders, data " + p.dataAddress() + (p.emcon() ? ", EMCON" : "")));
        }
        for (Map.Entry<String, String> e : ps.rejected().entrySet()) {
            rows.add(List.of(e.getKey(), "REJECTED", e.getValue()));
        }
        return new Table("", List.of("GROUP/CONFIG", "STATUS", "DETAIL"), rows);
    }

    @Descriptor("counters of this host's groups and of the dispatchers")
    public Table stats() {
        List<List<String>> rows = new ArrayList<>();
        GroupManager h = host;
        if (h != null) {
            for (GroupStatus s : h.groups()) {
                new java.util.TreeMap<>(s.counters()).forEach((k, v) -> rows.add(List.of("group " + s.group().name(), k, Long.toString(v))));
            }
        }
        List<Dispatcher> ds = dispatchers;
        if (ds != null) {
            for (Dispatcher d : ds) {
                TrafficStats t = d.stats();
                String who = "dispatcher " + d.name();
                rows.add(List.of(who, "messages sent", Long.toString(t.messagesSent())));
                rows.add(List.of(who, "bytes sent", Long.toString(t.bytesSent())));
                rows.add(List.of(who, "deliveries", Long.toString(t.deliveries())));
                rows.add(List.of(who, "dropped", Long.toString(t.dropped())));
                rows.add(List.of(who, "EMCON packets sent", Long.toString(t.emconPacketsSent())));
            }
        }
        return new Table("", List.of("SCOPE", "COUNTER", "VALUE"), rows);
    }

    @Descriptor("generate an Ed25519 key pair for a group policy (hex)")
    public Table keygen() {
        byte[] priv = Ed25519.generatePrivate(new java.security.SecureRandom());
        return new Table("put the private key in signingKey, the public key in the peers' verifyKeys",
                List.of("PRIVATE", "PUBLIC"), List.of(List.of(Hex.encode(priv), Hex.encode(Ed25519.publicOf(priv)))));
    }
}
