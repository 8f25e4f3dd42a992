package org.miked.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.miked.api.MemberId;
import org.miked.api.dispatch.Destination;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.protocol.AgreementContext;
import org.miked.api.protocol.AgreementResult;
import org.miked.api.protocol.EpochKey;
import org.miked.api.protocol.KeyClientContext;
import org.miked.api.protocol.KeyServerContext;

/**
 * A protocol context that sends over a {@link TestNetwork} and records every output. One class serves all
 * three roles (agreement member, key server, key client) so tests read one set of recorded outputs.
 */
public final class TestContext extends AbstractContext implements AgreementContext, KeyServerContext, KeyClientContext {
    /** A failure a session reported. */
    public record Failure(long run, String reason, Set<MemberId> silent) {
    }

    private final TestRuntime runtime;
    private final TestNetwork network;
    public final List<AgreementResult> agreed = new ArrayList<>();
    public final List<Failure> failures = new ArrayList<>();
    public final List<EpochKey> epochKeys = new ArrayList<>();
    /** Keys of earlier epochs the client delivered ({@link #pastEpochKey}, issue 12). */
    public final List<EpochKey> pastEpochKeys = new ArrayList<>();
    public final List<String> refusals = new ArrayList<>();
    /** Every {@code keyServerSilent} call: when the server was last heard, or -1 (heard again). */
    public final List<Long> keyServerSilences = new ArrayList<>();
    public final List<String> log = new ArrayList<>();
    public final Map<String, Long> counters = new TreeMap<>();
    public int membershipChanges;
    public long sent;
    public long sentBytes;
    private boolean echo;

    public TestContext(GroupPolicy policy, TestRuntime runtime, TestNetwork network) {
        super(policy, runtime);
        this.runtime = runtime;
        this.network = network;
    }

    /** Prints log lines to stdout as well (debugging). */
    public TestContext echo() {
        echo = true;
        return this;
    }

    @Override
    public void send(Destination to, byte[] body) {
        sent++;
        sentBytes += body.length;
        network.send(runtime.self(), to, body);
    }

    @Override
    public void log(String message) {
        log.add(runtime.clock().millis() + " " + runtime.self() + " " + message);
        if (echo) {
            System.out.println(log.get(log.size() - 1));
        }
    }

    @Override
    public void count(String counter) {
        counters.merge(counter, 1L, Long::sum);
    }

    @Override
    public void agreed(AgreementResult result) {
        agreed.add(result);
    }

    @Override
    public void failed(long run, String reason, Set<MemberId> silent) {
        failures.add(new Failure(run, reason, Set.copyOf(silent)));
    }

    @Override
    public void pastEpochKey(EpochKey key) {
        pastEpochKeys.add(key);
    }

    @Override
    public void epochKey(EpochKey key) {
        epochKeys.add(key);
    }

    @Override
    public void membershipChanged() {
        membershipChanges++;
    }

    @Override
    public void refused(String reason) {
        refusals.add(reason);
    }

    @Override
    public void keyServerSilent(long lastHeardMillis) {
        keyServerSilences.add(lastHeardMillis);
    }

    /** @return true if the client's last word on its key server was that it is silent */
    public boolean keyServerSilentNow() {
        return !keyServerSilences.isEmpty() && keyServerSilences.get(keyServerSilences.size() - 1) >= 0;
    }

    /** @return the last epoch key received, or null */
    public EpochKey lastKey() {
        return epochKeys.isEmpty() ? null : epochKeys.get(epochKeys.size() - 1);
    }

    /** @return how often a counter was bumped */
    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
