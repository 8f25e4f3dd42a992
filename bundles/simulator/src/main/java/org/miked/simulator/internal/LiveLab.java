package org.miked.simulator.internal;

import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.dispatch.DatagramHandler;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.Dispatcher;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.dispatch.TrafficStats;
import org.miked.api.runtime.Clock;
import org.miked.api.runtime.HostRuntime;
import org.miked.api.runtime.RandomSource;
import org.miked.api.runtime.Scheduler;
import org.miked.common.crypto.Randoms;
import org.miked.sim.network.LinkModel;
import org.miked.sim.network.SimNetwork;
import org.miked.sim.network.SimNetworkFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The dispatcher of the simulation runtime's own host (the console the shell drives): a simulated
 * network whose virtual clock follows the wall clock, pumped by one thread. Calls from other threads
 * (shell commands) that would touch the network are handed to the pump, so the shell never waits for
 * the network while holding its GMF.
 */
@Designate(ocd = LabConfig.class)
@Component(service = Dispatcher.class, property = Dispatcher.NAME_PROPERTY + "=sim",
        configurationPid = "org.miked.simulator.lab", immediate = true)
public class LiveLab implements Dispatcher {
    private static final System.Logger LOG = System.getLogger("org.miked.simulator");
    private static final long TICK_MS = 20;

    @Reference
    private SimNetworkFactory networks;

    private SimNetwork network;
    private Thread pump;
    private volatile boolean running;

    @Activate
    void activate(LabConfig config) {
        network = networks.create(config.seed(), LinkModel.of(config.loss(), config.delayMs(), config.jitterMs()));
        running = true;
        long start = System.nanoTime();
        pump = new Thread(() -> {
            while (running) {
                long now = (System.nanoTime() - start) / 1_000_000;
                try {
                    network.runUntil(now);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "lab network event failed", e);
                }
                try {
                    Thread.sleep(TICK_MS); // real-time pacing of the live lab, not a test wait
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "miked-lab-pump");
        pump.setDaemon(true);
        pump.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        pump.interrupt();
        pump.join(2000);
    }

    @Override
    public String name() {
        return SimNetwork.NAME;
    }

    @Override
    public HostPort attach(MemberId host, DatagramHandler handler) {
        HostPort inner = network.attach(host, handler);
        // the lab's timing is simulated, its keys are not: the console host draws from SecureRandom, so two
        // lab sessions never derive the same secrets (a scenario's hosts stay seeded, for replay)
        RandomSource secure = Randoms.secure();
        HostRuntime runtime = new HostRuntime() {
            @Override
            public MemberId self() {
                return inner.runtime().self();
            }

            @Override
            public Clock clock() {
                return inner.runtime().clock();
            }

            @Override
            public Scheduler scheduler() {
                return inner.runtime().scheduler();
            }

            @Override
            public RandomSource random() {
                return secure;
            }
        };
        return new HostPort() {
            private void onPump(Runnable r) {
                if (Thread.currentThread() == pump) {
                    r.run();
                } else {
                    network.schedule(0, r);
                }
            }

            @Override
            public HostRuntime runtime() {
                return runtime;
            }

            @Override
            public boolean send(Destination to, byte[] payload) {
                if (Thread.currentThread() == pump) {
                    return inner.send(to, payload);
                }
                byte[] copy = payload.clone();
                network.schedule(0, () -> inner.send(to, copy));
                return true;
            }

            @Override
            public void openGroup(GroupChannel channel) {
                onPump(() -> inner.openGroup(channel));
            }

            @Override
            public void closeGroup(GroupId group) {
                onPump(() -> inner.closeGroup(group));
            }

            @Override
            public void close() {
                onPump(inner::close);
            }
        };
    }

    @Override
    public TrafficStats stats() {
        return network.stats();
    }
}
