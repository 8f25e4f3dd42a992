package org.miked.dispatcher.real.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.common.wire.DecodeException;
import org.miked.gmf.core.HostGmf;
import org.miked.gmf.core.MapRegistry;
import org.miked.gmf.internal.LeaveOnFrameworkStop;
import org.miked.gmf.wire.Control;
import org.miked.gmf.wire.ControlCodec;
import org.miked.gmf.wire.Envelope;
import org.miked.gmf.wire.EnvelopeCodec;
import org.miked.testkit.TestPolicies;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;

/**
 * Issue 11: SIGTERM on a receiver's daemon sent no LEAVE. The framework stops bundles in reverse start
 * order, so the memory sink and LKH went before the GMF; the group stopped before it could leave, and the
 * key server kept counting the receiver. Here the key server and receivers are real GMFs with the real LKH,
 * Ed25519 and memory-sink classes on real dispatchers over loopback UDP ({@link FloodRig}); the receiver
 * that shuts down is hooked into a real Felix framework as {@code HostGmfComponent} hooks it, and that
 * framework is stopped by {@link StopOnSignal}'s code, what the daemon's SIGTERM hook runs. Stand-in
 * bundles for sa-memory and proto-lkh take the receiver's sink and protocol away when the framework stops
 * them, as Declarative Services does when their bundles stop.
 */
@Timeout(60)
class Issue11ShutdownLeavesTest {
    private static final GroupId GROUP = FloodRig.GROUP;
    private static final MemberId R1 = TestPolicies.receiverId(1);
    private static final MemberId R2 = TestPolicies.receiverId(2);
    /** Faster LKH recovery than the defaults, as FloodTest (a lost rekey datagram is repaired in time). */
    private static final Map<String, String> LKH = Map.of("lkh.registerRetryMillis", "250", "lkh.heartbeatMillis",
            "1000", "lkh.repairJitterMillis", "200");
    private static final long WAIT_MS = 10_000;

    @TempDir
    Path dir;

    @Test
    void sigtermLeavesBeforeTheSinkAndProtocolBundlesStopAndTheServerRekeysWithoutTheReceiver() throws Exception {
        try (FloodRig rig = new FloodRig(2, 11, LKH)) {
            MapRegistry own = rig.newRegistry();
            FloodRig.Node r1 = rig.addReceiver(1, own);
            rig.addReceiver(2);
            long before = rig.awaitAllKeyed(WAIT_MS);
            assertThat(rig.server.gmf().members(GROUP)).contains(R1, R2);
            assertThat(rig.keys.live(R1)).as("the receiver's installed SAs").isNotEmpty();

            Framework framework = framework();
            List<String> seenAtBundleStop = new CopyOnWriteArrayList<>();
            BundleContext ctx = framework.getBundleContext();
            // the bundles the daemon stops before the GMF (reverse start order, by name)
            Map<String, String> standIns = Map.of("org.miked.sa-memory", "memory", "org.miked.proto-lkh", "lkh");
            for (String bsn : standIns.keySet()) {
                ctx.installBundle(standIn(bsn).toUri().toString()).start();
            }
            ctx.addBundleListener((SynchronousBundleListener) e -> {
                String what = standIns.get(e.getBundle().getSymbolicName());
                if (e.getType() == BundleEvent.STOPPING && what != null) {
                    seenAtBundleStop.add(e.getBundle().getSymbolicName() + " stops: receiver in "
                            + r1.gmf().groups().size() + " groups, " + rig.keys.live(R1).size() + " SAs");
                    own.remove(what);
                }
            });
            // as HostGmfComponent.activate does
            List<String> hookLog = new CopyOnWriteArrayList<>();
            LeaveOnFrameworkStop.register(ctx, r1.gmf(), 3_000, hookLog::add);

            StopOnSignal.stop(framework);
            assertThat(framework.getState()).isEqualTo(Bundle.RESOLVED);
            r1.gmf().close(); // the GMF component's deactivation comes last

            // the key server took the LEAVE: it rekeys without r00001, and r00002 gets the new epoch
            assertThat(rig.keys.await(Set.of(R2), before + 1, System.currentTimeMillis() + WAIT_MS))
                    .as("r00002 keyed at an epoch after the leave; epochs " + rig.keys.epochs()).isTrue();
            assertThat(rig.server.gmf().members(GROUP)).doesNotContain(R1).contains(R2);
            assertThat(rig.server.gmf().epoch(GROUP)).isGreaterThan(before);
            assertThat(rig.keys.epochs().get(R1)).as("the receiver's newest epoch").isEqualTo(before);
            assertThat(rig.keys.live(R1)).as("SAs the receiver left installed").isEmpty();
            assertThat(seenAtBundleStop).as("what the receiver held when its sink and protocol bundles stopped")
                    .hasSize(2).allSatisfy(line -> assertThat(line).endsWith("receiver in 0 groups, 0 SAs"));
            assertThat(hookLog).as("the hook's report").singleElement().asString()
                    .contains("left [" + GROUP + "]").doesNotContain("not acknowledged").doesNotContain("queued");
        }
    }

    @Test
    void shutdownWaitsOnlyAsLongAsItIsToldWhenTheKeyServerIsGone() throws Exception {
        try (FloodRig rig = new FloodRig(1, 12, LKH)) {
            FloodRig.Node r1 = rig.addReceiver(1);
            rig.awaitAllKeyed(WAIT_MS);
            rig.server.gmf().close(); // the key server is gone: nobody acknowledges the LEAVE

            HostGmf.Shutdown s = r1.gmf().shutdown(400);

            assertThat(s.left()).containsExactly(GROUP);
            assertThat(s.unacknowledged()).containsExactly(GROUP);
            assertThat(s.flushed()).as("LEAVE copies handed to the kernel").isTrue();
            assertThat(s.millis()).isBetween(400L, 5_000L);
            assertThat(r1.gmf().isClosed()).isTrue();
            assertThat(r1.gmf().groups()).isEmpty();
            assertThat(rig.keys.live(R1)).as("SAs the receiver left installed").isEmpty();
        }
    }

    @Test
    void aSenderShutdownSaysByeToTheSendersAndDeletesItsSas() throws Exception {
        try (FloodRig rig = new FloodRig(1, 13, LKH); DatagramChannel control = rig.controlWitness()) {
            rig.addReceiver(1);
            rig.awaitAllKeyed(WAIT_MS);
            assertThat(rig.keys.live(FloodRig.SERVER)).isNotEmpty();

            HostGmf.Shutdown s = rig.server.gmf().shutdown(3_000);

            assertThat(s.left()).containsExactly(GROUP);
            assertThat(s.unacknowledged()).isEmpty();
            assertThat(s.flushed()).isTrue();
            assertThat(s.millis()).as("a sender has no acknowledgement to wait for").isLessThan(3_000L);
            assertThat(rig.keys.live(FloodRig.SERVER)).as("SAs the sender left installed").isEmpty();
            // loopback delivers multicast during the send: what the dispatcher sent is in the witness now
            assertThat(controlFrom(control, FloodRig.SERVER)).as("control messages s01 multicast")
                    .anySatisfy(c -> assertThat(c).isInstanceOf(Control.Bye.class));
        }
    }

    /** @return every control message from the sender waiting in the witness (Ed25519 trailer cut off) */
    private static List<Control> controlFrom(DatagramChannel witness, MemberId sender) throws Exception {
        witness.configureBlocking(false);
        List<Control> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.allocate(65_536);
        while (witness.receive(b.clear()) != null) {
            byte[] d = Arrays.copyOf(b.array(), b.position());
            try {
                Envelope e = EnvelopeCodec.decodeExact(Arrays.copyOf(d, d.length - 64));
                if (e.kind() == Envelope.Kind.CONTROL && e.sender().equals(sender)) {
                    out.add(ControlCodec.decode(e.body()));
                }
            } catch (DecodeException | RuntimeException ignored) {
                // not a control envelope with a 64-byte trailer
            }
        }
        return out;
    }

    private Framework framework() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework f = new FrameworkFactory().newFramework(config);
        f.start();
        return f;
    }

    /** @return a bundle with only a manifest, named like the bundle it stands in for */
    private Path standIn(String symbolicName) throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        Path jar = dir.resolve(symbolicName + ".jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        return jar;
    }
}
