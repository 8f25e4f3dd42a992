package org.miked.simulator.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.miked.api.GroupId;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.dispatch.Audience;
import org.miked.api.dispatch.Destination;
import org.miked.api.dispatch.GroupChannel;
import org.miked.api.dispatch.HostPort;
import org.miked.api.policy.SenderEntry;
import org.miked.common.crypto.Ed25519;
import org.miked.common.crypto.Randoms;
import org.miked.sim.network.DeliveryObserver;
import org.miked.sim.network.DropReason;
import org.miked.sim.network.SimNetwork;

/**
 * An outsider that forges rekeys. It watches what the key servers multicast to their receivers and, at a
 * fixed rate, takes one server's latest such datagram (servers in turn), replaces its last 64 bytes, where an
 * Ed25519 signature sits, by its own signature over the rest, and multicasts the result on that server's rekey
 * channel: a well-formed envelope that claims the server, carries a fresh sequence number's worth of real
 * content, and is signed by the wrong key. Every receiver must reject it ({@code rejected.auth}); a forgery
 * that got through would show as receivers keyed with a key no sender holds.
 */
final class Forger implements DeliveryObserver {
    /** The outsider's host id. */
    static final MemberId ID = MemberId.of("x-forger");

    private final SimNetwork network;
    private final GroupId group;
    private final Set<MemberId> senders;
    private final Map<MemberId, String> rekeyAddress = new HashMap<>();
    private final String controlAddress;
    private final int controlPort;
    private final Map<MemberId, byte[]> latest = new HashMap<>();
    private final List<MemberId> order = new ArrayList<>();
    private final byte[] signingKey;
    private HostPort port;
    private int next;
    private long forged;

    Forger(SimNetwork network, ScenarioPolicies policies, long seed) {
        this.network = network;
        this.group = ScenarioPolicies.GROUP;
        this.senders = Set.copyOf(policies.senders());
        var anyPolicy = policies.sender(policies.senders().get(0));
        for (MemberId s : policies.senders()) {
            rekeyAddress.put(s, anyPolicy.rekeyAddressOf(s));
        }
        this.controlAddress = anyPolicy.controlAddress();
        this.controlPort = anyPolicy.controlPort();
        this.signingKey = Ed25519.generatePrivate(Randoms.asSecureRandom(Randoms.deterministic(seed, "forger")));
    }

    /**
     * Attaches the outsider and forges {@code perSecond} datagrams per simulated second from {@code startMs} on.
     */
    void start(int perSecond, long startMs) {
        port = network.attach(ID, (from, payload) -> { });
        network.addObserver(this);
        long period = Math.max(1, 1000 / perSecond);
        network.schedule(startMs, new Runnable() {
            @Override
            public void run() {
                forgeOne();
                network.schedule(period, this);
            }
        });
    }

    /** @return datagrams forged and sent */
    long forged() {
        return forged;
    }

    @Override
    public void delivered(long atMillis, MemberId from, MemberId to, GroupId g, byte[] payload) {
        if (g.equals(group) && senders.contains(from) && !senders.contains(to) && !to.equals(ID)) {
            if (latest.put(from, payload) == null) {
                order.add(from);
            }
        }
    }

    @Override
    public void dropped(long atMillis, MemberId from, MemberId to, GroupId g, DropReason reason) {
    }

    private void forgeOne() {
        if (order.isEmpty()) {
            return;
        }
        MemberId victim = order.get(next++ % order.size());
        byte[] bytes = latest.get(victim).clone();
        int n = bytes.length - Ed25519.SIGNATURE_BYTES;
        if (n <= 0) {
            return;
        }
        byte[] sig = Ed25519.sign(signingKey, bytes, 0, n);
        System.arraycopy(sig, 0, bytes, n, sig.length);
        // a channel whose only "key server" is the outsider, multicasting on the victim's rekey address
        port.openGroup(new GroupChannel(group, Role.SENDER, false, controlAddress, controlPort,
                List.of(new SenderEntry(ID, "fd00::ff")), List.of(), List.of(rekeyAddress.get(victim)), List.of()));
        if (port.send(Destination.multicast(group, Audience.RECEIVERS), bytes)) {
            forged++;
        }
    }
}
