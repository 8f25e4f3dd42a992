package org.miked.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {
    @Test
    void absentKeysKeepTheBuiltInValuesAndEveryKeyRoundTrips() {
        Scenario s = ScenarioParser.parse("{\"senders\": 25, \"receivers\": 10000, \"agreement\": \"gdh3\"}");
        assertThat(s.senders()).isEqualTo(25);
        assertThat(s.receivers()).isEqualTo(10000);
        assertThat(s.agreement()).isEqualTo("gdh3");
        assertThat(s.loss()).isEqualTo(Scenario.DEFAULT.loss());
        assertThat(ScenarioParser.parse(ScenarioParser.toJson(s))).isEqualTo(s);
        assertThat(ScenarioParser.parse("{}")).isEqualTo(Scenario.DEFAULT);
    }

    @Test
    void aFileWithoutANameIsNamedAfterTheFile() {
        String json = "{\"senders\": 3, \"receivers\": 30}";
        Scenario s = ScenarioParser.parse(json, ScenarioParser.nameFor(Path.of("scenarios", "lossy-bd.json")));
        assertThat(s.name()).isEqualTo("lossy-bd");
        assertThat(s.senders()).isEqualTo(3);
        assertThat(ScenarioParser.parse("{\"name\": \"mine\"}", "lossy-bd").name()).isEqualTo("mine");
        assertThat(ScenarioParser.parse(json).name()).isEqualTo(Scenario.DEFAULT.name());
        assertThat(ScenarioParser.nameFor(Path.of("/tmp/my run (2).JSON"))).isEqualTo("my_run__2_");
        assertThat(ScenarioParser.nameFor(Path.of("x".repeat(80) + ".json"))).hasSize(64);
        assertThat(ScenarioParser.nameFor(Path.of(".json"))).isEqualTo("scenario");
        assertThat(ScenarioParser.nameFor(Path.of("plain"))).isEqualTo("plain");
        assertThatThrownBy(() -> ScenarioParser.parse(json, "a b")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Issue 12: the data plane's keys and the key timing every host's policy gets. */
    @Test
    void dataPlaneAndKeyTimingKeysParseRoundTripAndDefaultToOffAndKeyTimingDefault() {
        Scenario d = ScenarioParser.parse("{}");
        assertThat(d.dataRatePps()).isZero();
        assertThat(d.dataBytes()).isEqualTo(200);
        assertThat(d.timing()).isEqualTo(org.miked.api.policy.KeyTiming.DEFAULT);
        Scenario s = ScenarioParser.parse("{\"dataRatePps\": 5, \"dataBytes\": 1200, \"activationDelayMs\": 0,"
                + " \"deactivationDelayMs\": 15000, \"rekeyLeadMs\": 40000}");
        assertThat(s.dataRatePps()).isEqualTo(5);
        assertThat(s.dataBytes()).isEqualTo(1200);
        assertThat(s.timing()).isEqualTo(new org.miked.api.policy.KeyTiming(0, 15_000, 40_000));
        assertThat(ScenarioParser.parse(ScenarioParser.toJson(s))).isEqualTo(s);
        assertThat(ScenarioParser.toJson(s)).contains("\"activationDelayMs\": 0", "\"dataRatePps\": 5");
        // every host's policy carries the scenario's timing
        var policies = new org.miked.simulator.core.ScenarioPolicies(s);
        assertThat(policies.sender(org.miked.simulator.core.ScenarioPolicies.senderId(1)).timing())
                .isEqualTo(s.timing());
        assertThat(policies.receiver(org.miked.simulator.core.ScenarioPolicies.receiverId(1)).timing())
                .isEqualTo(s.timing());
    }

    @Test
    void badDataPlaneAndTimingValuesAreOneLineNamingTheKey() {
        assertThatThrownBy(() -> ScenarioParser.parse("{\"dataRatePps\": -1}")).isInstanceOf(ScenarioException.class)
                .hasMessage("scenario: 'dataRatePps' must be an integer in [0, 10000], got -1");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"dataRatePps\": 2.5}"))
                .hasMessageContaining("'dataRatePps' must be an integer");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"dataBytes\": 0}")).hasMessageContaining("'dataBytes'");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"dataBytes\": 70000}")).hasMessageContaining("'dataBytes'");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"activationDelayMs\": -5}"))
                .hasMessage("scenario: 'activationDelayMs' must be an integer in [0, 3600000], got -5");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"deactivationDelayMs\": 3600001}"))
                .hasMessageContaining("'deactivationDelayMs' must be an integer in [0, 3600000]");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"rekeyLeadMs\": \"30s\"}"))
                .hasMessageContaining("'rekeyLeadMs' must be an integer");
    }

    @Test
    void badInputIsOneLineNamingTheKey() {
        assertThatThrownBy(() -> ScenarioParser.parse("{\"lossy\": 0.1}")).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("scenario: unknown key 'lossy'");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"loss\": 1.5}")).hasMessageContaining("'loss' must be in");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"senders\": 26}")).hasMessageContaining("'senders'");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"senders\": 2.5}")).hasMessageContaining("'senders' must be an integer");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"senders\": \"5\"}")).hasMessageContaining("'senders' must be an integer");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"agreement\": \"b d\"}")).hasMessageContaining("'agreement'");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"receivers\": 5, \"leaves\": 6}")).hasMessageContaining("'leaves'");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"seed\": [1]}")).hasMessageContaining("'seed' must be a single value");
        assertThatThrownBy(() -> ScenarioParser.parse("[1, 2]")).hasMessageContaining("one JSON object");
        assertThatThrownBy(() -> ScenarioParser.parse("{\"senders\": ")).hasMessageContaining("not valid JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
