package org.miked.itest;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.miked.api.gmf.ComponentCatalog;
import org.miked.api.gmf.DeployedComponent;
import org.miked.api.gmf.GroupManager;
import org.miked.api.gmf.GroupState;
import org.miked.api.gmf.GroupStatus;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The platform's main promise: a protocol bundle dropped into the watched directory is installed and
 * started by FileInstall and a waiting group keys with it, without a restart; removing it stops the
 * group with a reason, and dropping it again brings the group back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends MikedIT {
    private static final String GROUP = "itest-hot";
    private static final String LKH_BSN = "org.miked.proto-lkh";


    @Override
    protected String[] withheld() {
        return new String[] {Containers.LKH_JAR};
    }

    @Test
    public void lkhDroppedInRemovedAndDroppedAgain() throws Exception {
        GroupManager gm = Await.service(context, GroupManager.class);
        ComponentCatalog catalog = Await.service(context, ComponentCatalog.class);
        ConfigurationAdmin ca = Await.service(context, ConfigurationAdmin.class);
        String dir = context.getProperty(Containers.LOAD_DIR);
        assertNotNull("FileInstall directory configured", dir);
        Path load = Path.of(dir);
        Path lkh = Containers.bundles().resolve("runtime").resolve(Containers.LKH_JAR);
        assertTrue("started without LKH: " + Await.bundleStates(context), Await.bundles(context, LKH_BSN).isEmpty());
        assertTrue("catalog without LKH: " + catalog.deployed(), !hasLkh(catalog));

        org.osgi.service.cm.Configuration c = GroupConfigs.put(ca, "hot", GroupConfigs.singleSender(GROUP, "lkh", 2));
        Optional<GroupStatus> waiting = Await.until("group waiting for protocol lkh", Await.LONG,
                () -> GroupConfigs.status(gm, GROUP),
                s -> s.isPresent() && s.get().state() == GroupState.WAITING_FOR_PROTOCOL
                        && s.get().reason().contains("lkh"),
                GroupConfigs::describe);
        System.out.println("before the drop: " + GroupConfigs.describe(waiting));

        drop(lkh, load);
        Bundle b = awaitLkhActive();
        assertTrue("installed from the watched directory: " + b.getLocation(), b.getLocation().contains(load.toString()));
        Await.until("catalog to list lkh", Await.LONG, () -> catalog.deployed(), l -> hasLkh(l), Object::toString);
        Optional<GroupStatus> keyed = awaitKeyed("after the first drop");
        System.out.println("after the first drop: " + GroupConfigs.describe(keyed));

        Files.delete(load.resolve(Containers.LKH_JAR));
        Await.until("FileInstall to uninstall " + LKH_BSN, Await.LONG, () -> Await.bundles(context, LKH_BSN),
                List::isEmpty, l -> Await.bundleStates(context));
        Await.until("catalog to drop lkh", Await.LONG, () -> catalog.deployed(), l -> !hasLkh(l), Object::toString);
        Optional<GroupStatus> stopped = Await.until("group stopped or waiting for lkh", Await.LONG,
                () -> GroupConfigs.status(gm, GROUP),
                s -> s.isPresent()
                        && EnumSet.of(GroupState.STOPPED, GroupState.WAITING_FOR_PROTOCOL).contains(s.get().state())
                        && s.get().reason().contains("lkh"),
                GroupConfigs::describe);
        System.out.println("after removal: " + GroupConfigs.describe(stopped));
        // the container and the host GMF are unharmed: same service, still answering
        assertSame("the host GMF survived the removal", gm, Await.service(context, GroupManager.class));
        assertTrue(gm.groups().size() == 1);

        drop(lkh, load);
        awaitLkhActive();
        Optional<GroupStatus> again = awaitKeyed("after the second drop");
        System.out.println("after the second drop: " + GroupConfigs.describe(again));

        c.delete();
        Await.until("group left", Await.LONG, () -> GroupConfigs.status(gm, GROUP), Optional::isEmpty,
                GroupConfigs::describe);
    }

    /** Copies next to the watched directory, then moves in atomically: FileInstall never sees half a jar. */
    private static void drop(Path jar, Path load) throws Exception {
        Path staging = Files.createDirectories(load.resolveSibling("staging"));
        Path staged = Files.copy(jar, staging.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, load.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    private Bundle awaitLkhActive() {
        return Await.until(LKH_BSN + " installed and ACTIVE", Await.LONG, () -> Await.bundles(context, LKH_BSN),
                l -> l.size() == 1 && l.get(0).getState() == Bundle.ACTIVE, l -> Await.bundleStates(context)).get(0);
    }

    private Optional<GroupStatus> awaitKeyed(String when) {
        GroupManager gm = Await.service(context, GroupManager.class);
        return Await.until("group KEYED " + when, Await.LONG, () -> GroupConfigs.status(gm, GROUP),
                GroupConfigs::keyed, GroupConfigs::describe);
    }

    private static boolean hasLkh(ComponentCatalog catalog) {
        return hasLkh(catalog.deployed());
    }

    private static boolean hasLkh(List<DeployedComponent> deployed) {
        return deployed.stream().anyMatch(d -> d.kind().equals("distribution") && d.name().equals("lkh"));
    }
}
