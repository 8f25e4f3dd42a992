package org.miked.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Issue 11: the fault keys of a scenario file, and one error line naming the key for each bad value. */
class FaultsParserTest {
    private static final String BASE = "\"senders\": 3, \"receivers\": 60, \"joins\": 6, \"durationS\": 40, ";

    private static Scenario parse(String keys) {
        return ScenarioParser.parse("{" + BASE + keys + "}");
    }

    private static void fails(String keys, String message) {
        assertThatThrownBy(() -> parse(keys)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("scenario: ").hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void faultKeysAreReadAndRoundTripAndAbsentMeansNone() {
        Scenario s = parse("\"crashes\": [{\"atS\": 10, \"host\": \"s02\", \"restartAfterS\": 5.5},"
                + " {\"atS\": 12.25, \"host\": \"r000066\"}],"
                + " \"partitions\": [{\"atS\": 8, \"durationS\": 6, \"hosts\": [\"r000001\", \"s03\"]}],"
                + " \"silentLeaves\": 0.5");
        assertThat(s.faults().crashes()).containsExactly(new Crash(10, "s02", OptionalDouble.of(5.5)),
                new Crash(12.25, "r000066", OptionalDouble.empty()));
        assertThat(s.faults().crashes().get(0).restartAtMs()).isEqualTo(15_500);
        assertThat(s.faults().crashes().get(1).restartAtMs()).isEqualTo(-1);
        assertThat(s.faults().partitions()).containsExactly(new Partition(8, 6, List.of("r000001", "s03")));
        assertThat(s.faults().partitions().get(0).untilMs()).isEqualTo(14_000);
        assertThat(s.faults().silentLeaves()).isEqualTo(0.5);
        assertThat(ScenarioParser.parse(ScenarioParser.toJson(s))).isEqualTo(s);

        assertThat(parse("\"loss\": 0.1").faults()).isEqualTo(Faults.NONE);
        assertThat(ScenarioParser.parse("{}").faults().isEmpty()).isTrue();
        assertThat(parse("\"crashes\": [], \"partitions\": [], \"silentLeaves\": 0").faults()).isEqualTo(Faults.NONE);
    }

    @Test
    void badCrashesAreOneLineNamingTheEntryAndKey() {
        fails("\"crashes\": {\"atS\": 1}", "'crashes' must be a list of objects");
        fails("\"crashes\": [5]", "'crashes[0]' must be an object with atS, host, restartAfterS");
        fails("\"crashes\": [{\"atS\": 1, \"host\": \"s01\", \"when\": 2}]", "unknown key 'when' in 'crashes[0]'");
        fails("\"crashes\": [{\"host\": \"s01\"}]", "'crashes[0].atS' is missing");
        fails("\"crashes\": [{\"atS\": 1}]", "'crashes[0].host' is missing");
        fails("\"crashes\": [{\"atS\": -1, \"host\": \"s01\"}]", "'crashes[0].atS' must be in [0, 40] (within durationS)");
        fails("\"crashes\": [{\"atS\": 41, \"host\": \"s01\"}]", "'crashes[0].atS' must be in [0, 40]");
        fails("\"crashes\": [{\"atS\": \"10\", \"host\": \"s01\"}]", "'crashes[0].atS' must be a number of seconds");
        fails("\"crashes\": [{\"atS\": 1, \"host\": \"s01\", \"restartAfterS\": 0}]",
                "'crashes[0].restartAfterS' must be in (0, 86400]");
        fails("\"crashes\": [{\"atS\": 1, \"host\": \"s04\"}]",
                "'crashes[0].host' must name a simulated host (s01..s03 or r000001..r000066), got \"s04\"");
        fails("\"crashes\": [{\"atS\": 1, \"host\": \"r000067\"}]", "'crashes[0].host' must name a simulated host");
        fails("\"crashes\": [{\"atS\": 1, \"host\": \"r00042\"}]", "'crashes[0].host' must name a simulated host");
        fails("\"crashes\": [{\"atS\": 1, \"host\": \"s1\"}]", "'crashes[0].host' must name a simulated host");
        fails("\"crashes\": [{\"atS\": 1, \"host\": 3}]", "'crashes[0].host' must name a simulated host");
        fails("\"crashes\": [{\"atS\": 1, \"host\": \"r99999999999999\"}]", "'crashes[0].host' must name");
    }

    @Test
    void aHostCannotCrashAgainWhileItIsDown() {
        fails("\"crashes\": [{\"atS\": 20, \"host\": \"s02\"}, {\"atS\": 10, \"host\": \"s02\", \"restartAfterS\": 15}]",
                "'crashes[0]' crashes s02 at 20 s while it is down since 'crashes[1]' at 10 s (restart at 25 s)");
        fails("\"crashes\": [{\"atS\": 5, \"host\": \"r000003\"}, {\"atS\": 30, \"host\": \"r000003\"}]",
                "'crashes[1]' crashes r000003 at 30 s while it is down since 'crashes[0]' at 5 s (no restart)");
        Scenario ok = parse("\"crashes\": [{\"atS\": 5, \"host\": \"s02\", \"restartAfterS\": 5},"
                + " {\"atS\": 10.5, \"host\": \"s02\"}]");
        assertThat(ok.faults().crashes()).hasSize(2);
    }

    @Test
    void badPartitionsAndSilentLeavesAreOneLineNamingTheKey() {
        fails("\"partitions\": 3", "'partitions' must be a list of objects");
        fails("\"partitions\": [{\"atS\": 1, \"durationS\": 2}]", "'partitions[0].hosts' is missing");
        fails("\"partitions\": [{\"atS\": 1, \"hosts\": [\"s01\"]}]", "'partitions[0].durationS' is missing");
        fails("\"partitions\": [{\"atS\": 1, \"durationS\": 0, \"hosts\": [\"s01\"]}]",
                "'partitions[0].durationS' must be in (0, 86400]");
        fails("\"partitions\": [{\"atS\": 1, \"durationS\": 2, \"hosts\": []}]",
                "'partitions[0].hosts' must be a non-empty list of hosts");
        fails("\"partitions\": [{\"atS\": 1, \"durationS\": 2, \"hosts\": \"s01\"}]",
                "'partitions[0].hosts' must be a non-empty list of hosts");
        fails("\"partitions\": [{\"atS\": 1, \"durationS\": 2, \"hosts\": [\"s01\", \"x\"]}]",
                "'partitions[0].hosts[1]' must name a simulated host");
        fails("\"partitions\": [{\"atS\": 1, \"durationS\": 2, \"hosts\": [\"s01\", \"s01\"]}]",
                "'partitions[0].hosts' names s01 twice");
        fails("\"partitions\": [{\"atS\": 1, \"durationS\": 2, \"hosts\": [\"s01\"], \"side\": 1}]",
                "unknown key 'side' in 'partitions[0]' (known: atS, durationS, hosts)");
        fails("\"silentLeaves\": 1.5", "'silentLeaves' must be in [0.0, 1.0], got 1.5");
        fails("\"silentLeaves\": -0.1", "'silentLeaves' must be in [0.0, 1.0]");
        fails("\"silentLeaves\": \"all\"", "'silentLeaves' must be a number (a fraction of 'leaves')");
        fails("\"silentLeaves\": [1]", "'silentLeaves' must be a number");
    }
}
