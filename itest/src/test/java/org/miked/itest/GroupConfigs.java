package org.miked.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Hashtable;
import java.util.Optional;
import org.miked.api.GroupId;
import org.miked.api.gmf.GroupManager;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.miked.common.crypto.Ed25519;
import org.miked.common.crypto.Hex;
import org.miked.common.crypto.Randoms;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Group policies as an operator writes them: factory configurations of {@value #FACTORY_PID} (see
 * docs/policy.md) created through Config Admin, and the host GMF's view of the group.
 */
public final class GroupConfigs {
    /** Factory PID of group policies (the policy bundle's OCD). */
    public static final String FACTORY_PID = "org.miked.policy.group";
    /** The console host's member id (HostConfig default of the GMF). */
    public static final String SELF = "local";

    private GroupConfigs() {
    }

    /**
     * A single-sender group in which this host ({@value #SELF}) is the sender and its own key server, with a
     * fresh Ed25519 key pair (deterministic from the seed). Values are typed as Config Admin would hold
     * them from a typed .cfg file or a console.
     *
     * @param group group name
     * @param distribution distribution protocol name
     * @param seed seed of the key pair
     * @return the configuration properties
     */
    public static Hashtable<String, Object> singleSender(String group, String distribution, long seed) {
        byte[] signing = Ed25519.generatePrivate(Randoms.asSecureRandom(Randoms.deterministic(seed, "itest-keys")));
        byte[] verify = Ed25519.publicOf(signing);
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("group", group);
        p.put("role", "sender");
        p.put("dataAddress", "ff3e::4d:1");
        p.put("dataPort", 5004);
        p.put("controlAddress", "ff3e::4d:2");
        p.put("controlPort", 5100);
        p.put("senders", new String[] {SELF + "@fd00::1"});
        p.put("keyServer", SELF);
        p.put("agreement", "bd");
        p.put("distribution", distribution);
        p.put("auth", "sig");
        p.put("rekeyAuth", "sig");
        p.put("saSink", "memory");
        p.put("params", new String[] {"lkh.degree=4"});
        p.put("rekeyBatchMillis", 200L);
        p.put("signingKey", Hex.encode(signing));
        p.put("verifyKeys", new String[] {SELF + "=" + Hex.encode(verify)});
        return p;
    }

    /**
     * Creates or updates the named factory configuration, bound to any bundle ({@code "?"}) so that the
     * policy bundle's component receives it.
     *
     * @param ca Config Admin
     * @param name configuration name (PID {@value #FACTORY_PID}~name)
     * @param props its properties
     * @return the configuration
     */
    public static Configuration put(ConfigurationAdmin ca, String name, Hashtable<String, Object> props) {
        try {
            Configuration c = ca.getFactoryConfiguration(FACTORY_PID, name, "?");
            c.update(props);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the group's status at the host, or empty if the host has not joined it */
    public static Optional<GroupStatus> status(GroupManager gm, String group) {
        return gm.status(GroupId.of(group));
    }

    /** @return true if the status is present and KEYED */
    public static boolean keyed(Optional<GroupStatus> s) {
        return s.isPresent() && s.get().state() == GroupState.KEYED;
    }

    /** @return the status in one readable line (state, reason, epoch, protocols, MSAs, counters) */
    public static String describe(Optional<GroupStatus> s) {
        if (s.isEmpty()) {
            return "<group not joined>";
        }
        GroupStatus g = s.get();
        return g.group() + " " + g.role() + " " + g.state() + " reason='" + g.reason() + "' epoch=" + g.epoch()
                + " key=" + g.keyFingerprint() + " agreement='" + g.agreement() + "' distribution='"
                + g.distribution() + "' msas=" + g.msas() + " counters=" + g.counters();
    }
}
