package org.miked.lkh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.miked.api.MemberId;
import org.miked.api.Role;
import org.miked.api.runtime.CryptoMemo;
import org.miked.testkit.TestContext;
import org.miked.testkit.TestPolicies;
import org.junit.jupiter.api.Test;

/**
 * Wraps opened through a shared crypto memo (the simulator's): receivers below one node open the same wrap
 * once between them, and each still holds its own copy of every key (a leave wipes keys in place).
 */
class SharedUnwrapTest {
    /** Remembers derive results by (secret bytes, context) like the simulator's memo; counts hits. */
    static final class CountingMemo implements CryptoMemo {
        private final Map<List<Object>, Object> results = new HashMap<>();
        int hits;

        @Override
        public boolean verify(String scheme, byte[] key, byte[] signed, BooleanSupplier check) {
            return check.getAsBoolean();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T derive(byte[] secret, Object context, Supplier<T> derivation) {
            List<Object> k = List.of(Arrays.toString(secret), context);
            Object known = results.get(k);
            if (known != null) {
                hits++;
                return (T) known;
            }
            T t = derivation.get();
            results.put(k, t);
            return t;
        }
    }

    @Test
    void receiversShareUnwrapsButNotKeyArraysAndALeaverWipesOnlyItsOwn() {
        Harness h = new Harness(7, 8, i -> false, Map.of());
        CountingMemo memo = new CountingMemo();
        for (int i = 1; i <= 8; i++) {
            MemberId r = TestPolicies.receiverId(i);
            TestContext c = new TestContext(h.policies.receiver(r, h.s, false), h.net.runtime(r).cryptoMemo(memo), h.net);
            LkhClient client = new LkhClient(c);
            h.clients.put(r, client);
            h.ctxs.put(r, c);
            h.net.attach(r, Role.RECEIVER, client::onMessage);
            client.start();
        }
        h.runGmf(5_000);
        h.rekey();
        h.run(2_000);
        assertThat(h.lagging()).isEmpty();
        assertThat(memo.hits).as("the epoch wrap under the shared root was opened once for all").isPositive();

        LkhClient a = h.clients.get(TestPolicies.receiverId(1));
        LkhClient b = h.clients.get(TestPolicies.receiverId(2));
        Map<String, byte[]> before = b.heldKeys();
        Map<String, byte[]> ofA = a.heldKeys();
        assertThat(before.keySet()).as("r00001 and r00002 hold keys in common (the epoch key at least)")
                .anyMatch(ofA::containsKey);

        h.leave(TestPolicies.receiverId(1)); // wipes r00001's keys in place
        Map<String, byte[]> after = b.heldKeys();
        for (String name : before.keySet()) {
            assertThat(after.get(name)).as("r00002's " + name + " after r00001 wiped its own keys").isEqualTo(before.get(name));
        }
        h.runGmf(5_000);
        assertThat(h.lagging()).as("the others still follow the rekeys").isEmpty();
    }
}
