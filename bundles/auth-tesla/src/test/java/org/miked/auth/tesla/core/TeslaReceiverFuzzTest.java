package org.miked.auth.tesla.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.miked.testkit.FuzzBodies;

/**
 * Coverage-guided fuzzing of {@link TeslaReceiver#open} fed hostile datagrams claimed from its key server
 * (docs/fuzzing.md). Anyone on the network can send these: TESLA itself is the authentication. The key server
 * seals "m1" and "m2"; before their keys are disclosed the receiver gets the fuzz input as up to 8 datagrams
 * ({@link FuzzBodies}; seeds are the key server's own datagrams: MAC, MAC+key, key and bootstrap trailers);
 * then the key server seals "m3" and discloses everything.
 *
 * <p>Invariants: only {@code AuthException} escapes {@code open}; nothing is authenticated that the key server
 * did not seal; m1, m2 and m3 are authenticated (hostile datagrams neither forge nor block). A replay of a
 * genuine datagram before its key is disclosed is authenticated again: TESLA has no replay protection of its
 * own, the GMF's replay window on the envelope sequence drops the copy.
 */
class TeslaReceiverFuzzTest {

    /**
     * The key server's datagrams of the scenario up to the hostile input (the seeds): what an attacker can
     * hold at that moment. Keys disclosed later are not among them: a genuine key that arrives before its
     * disclosure time is proof that the receiver's clock lags (it then goes out of sync, by design), and
     * nobody but the key server has it.
     */
    static List<byte[]> genuine() {
        Rig rig = new Rig(3);
        rig.receiver(1);
        rig.send("m1");
        rig.runUntil(250);
        rig.send("m2");
        return new ArrayList<>(rig.sent);
    }

    @FuzzTest
    void hostileDatagrams(byte[] data) {
        Rig rig = new Rig(3);
        Rig.Rx rx = rig.receiver(1);
        rig.send("m1");
        rig.runUntil(250);
        rig.send("m2");
        for (byte[] d : FuzzBodies.split(data)) {
            rx.deliver(Rig.S1, d, rig.now());
        }
        rig.runUntil(rig.now() + 150);
        rig.send("m3");
        rig.idle();
        assertThat(rx.authenticated).as("authenticated").containsOnly("m1", "m2", "m3")
                .contains("m1", "m2", "m3");
    }
}
