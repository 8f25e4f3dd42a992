package org.miked.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.miked.api.annotation.AuthSchemeName;
import org.miked.api.annotation.ProtocolName;
import org.miked.api.auth.AuthScheme;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.gmf.ComponentCatalog;
import org.miked.api.gmf.DeployedComponent;
import org.miked.api.gmf.GmfFactory;
import org.miked.api.gmf.GroupManager;
import org.miked.api.policy.PolicyStore;
import org.miked.api.protocol.KeyAgreementProtocol;
import org.miked.api.protocol.KeyDistributionProtocol;
import org.miked.api.sa.SaSinkFactory;
import org.miked.sim.network.SimNetworkFactory;
import org.miked.simulator.Simulator;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/** Every MIKED bundle resolves and starts on Felix, and every DS component activates with its references. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ComponentsIT extends MikedIT {
    /** Symbolic names of the bundles of the runtime we ship, plus the test-only ones, that must be ACTIVE. */
    private static final List<String> BUNDLES = List.of("org.miked.api", "org.miked.common", "org.miked.gmf",
            "org.miked.policy", "org.miked.auth-sig", "org.miked.dh", "org.miked.proto-bd", "org.miked.proto-gdh",
            "org.miked.proto-lkh", "org.miked.dispatcher-sim", "org.miked.sa-memory", "org.miked.simulator",
            "org.miked.shell", "org.miked.testkit", "org.apache.felix.scr", "org.apache.felix.configadmin",
            "org.apache.felix.metatype", "org.apache.felix.fileinstall", "org.apache.felix.gogo.runtime", "bcprov",
            "com.google.gson");



    @Test
    public void everyBundleIsActive() {
        for (String bsn : BUNDLES) {
            List<Bundle> found = Await.bundles(context, bsn);
            assertEquals(bsn + " installed once\n" + Await.bundleStates(context), 1, found.size());
        }
        StringBuilder notActive = new StringBuilder();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.append(b.getSymbolicName()).append(' ').append(Await.state(b.getState())).append('\n');
            }
        }
        assertTrue("bundles not ACTIVE:\n" + notActive + Await.bundleStates(context), notActive.length() == 0);
    }

    @Test
    public void everyServiceIsRegistered() {
        Await.service(context, GroupManager.class);
        Await.service(context, ComponentCatalog.class);
        Await.service(context, PolicyStore.class);
        Await.service(context, Simulator.class);
        Await.service(context, GmfFactory.class);
        Await.service(context, SimNetworkFactory.class);
        Await.service(context, Dispatcher.class, "(" + Dispatcher.NAME_PROPERTY + "=sim)", Await.LONG);
        Await.service(context, SaSinkFactory.class, "(" + SaSinkFactory.NAME_PROPERTY + "=memory)", Await.LONG);
        Await.service(context, AuthScheme.class, "(" + AuthSchemeName.PROPERTY + "=sig)", Await.LONG);
        Await.service(context, KeyAgreementProtocol.class, "(" + ProtocolName.PROPERTY + "=bd)", Await.LONG);
        Await.service(context, KeyAgreementProtocol.class, "(" + ProtocolName.PROPERTY + "=gdh2)", Await.LONG);
        Await.service(context, KeyDistributionProtocol.class, "(" + ProtocolName.PROPERTY + "=lkh)",
                Await.LONG);
        // the shell's commands (Gogo whiteboard)
        Await.service(context, Object.class, "(osgi.command.scope=mike)", Await.LONG);
        GroupManager gm = Await.service(context, GroupManager.class);
        assertEquals("the console host's identity", GroupConfigs.SELF, gm.self().id());
        assertTrue("no group configured yet: " + gm.groups(), gm.groups().isEmpty());
    }

    @Test
    public void catalogListsWhatIsDeployed() {
        ComponentCatalog catalog = Await.service(context, ComponentCatalog.class);
        Set<String> expected = new TreeSet<>(List.of("agreement bd org.miked.proto-bd",
                "agreement gdh2 org.miked.proto-gdh", "agreement gdh3 org.miked.proto-gdh",
                "distribution lkh org.miked.proto-lkh", "auth sig org.miked.auth-sig",
                "sink memory org.miked.sa-memory", "dispatcher sim org.miked.simulator"));
        Set<String> seen = Await.until("the catalog to list every MIKED component", Await.LONG,
                () -> names(catalog.deployed()), s -> s.containsAll(expected), Object::toString);
        assertTrue(seen.toString(), seen.containsAll(expected));
    }

    private static Set<String> names(List<DeployedComponent> deployed) {
        Set<String> out = new TreeSet<>();
        for (DeployedComponent d : deployed) {
            out.add(d.kind() + " " + d.name() + " " + d.bundle());
        }
        return out;
    }
}
